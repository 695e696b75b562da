import Foundation

/// Just enough of PNG to look at a browser screenshot: 8-bit RGB or RGBA,
/// not interlaced (what chromium writes). Inflates with the system's zlib
/// (loaded at run time: Swift has no decoder and tests add no package).
public struct PNGImage: Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major RGB triples packed as 0xRRGGBB.
    public let pixels: [UInt32]

    /// Decodes a PNG file's bytes; throws `HeadlessBrowser.Failure` for anything but 8-bit RGB/RGBA, non-interlaced.
    public init(data: [UInt8]) throws {
        guard data.count > 8, data.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw HeadlessBrowser.Failure(description: "not a PNG file")
        }
        func be32(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while offset + 8 <= data.count {
            let length = be32(offset)
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= data.count else {
                throw HeadlessBrowser.Failure(description: "truncated \(type) chunk")
            }
            let body = data[offset + 8..<offset + 8 + length]
            if type == "IHDR" { header = Array(body) }
            if type == "IDAT" { compressed += body }
            if type == "IEND" { break }
            offset += 12 + length
        }
        guard header.count == 13 else { throw HeadlessBrowser.Failure(description: "no IHDR chunk") }
        let width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let depth = header[8]
        let colourType = header[9]
        let interlace = header[12]
        guard depth == 8, colourType == 2 || colourType == 6, interlace == 0 else {
            throw HeadlessBrowser.Failure(
                description: "unsupported PNG: depth \(depth), colour type \(colourType), interlace \(interlace)")
        }
        let channels = colourType == 6 ? 4 : 3
        let stride = width * channels
        let raw = try Self.inflate(compressed, expected: height * (stride + 1))
        var previous = [UInt8](repeating: 0, count: stride)
        var row = previous
        var pixels: [UInt32] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            let start = y * (stride + 1)
            let filter = raw[start]
            for index in 0..<stride {
                let value = raw[start + 1 + index]
                let a = index >= channels ? Int(row[index - channels]) : 0
                let b = Int(previous[index])
                let c = index >= channels ? Int(previous[index - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a)
                    let pb = abs(p - b)
                    let pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw HeadlessBrowser.Failure(description: "bad filter type \(filter) in row \(y)")
                }
                row[index] = UInt8(truncatingIfNeeded: Int(value) + predictor)
            }
            for x in 0..<width {
                let p = x * channels
                pixels.append(UInt32(row[p]) << 16 | UInt32(row[p + 1]) << 8 | UInt32(row[p + 2]))
            }
            swap(&previous, &row)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// How many pixels have each colour.
    public var histogram: [UInt32: Int] {
        pixels.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Pixels within `tolerance` (per channel) of an "#rrggbb" colour.
    public func count(near colour: String, tolerance: Int = 12) -> Int {
        guard let value = UInt32(colour.dropFirst(), radix: 16) else { return 0 }
        func channels(_ pixel: UInt32) -> [Int] {
            [Int(pixel >> 16 & 0xFF), Int(pixel >> 8 & 0xFF), Int(pixel & 0xFF)]
        }
        let target = channels(value)
        return histogram.filter { pixel, _ in zip(channels(pixel), target).allSatisfy { abs($0 - $1) <= tolerance } }
            .values.reduce(0, +)
    }

    typealias Uncompress =
        @convention(c) (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt>, UnsafePointer<UInt8>, UInt) -> Int32

    static func inflate(_ compressed: [UInt8], expected: Int) throws -> [UInt8] {
        guard let library = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.so", RTLD_NOW),
            let symbol = dlsym(library, "uncompress")
        else {
            throw HeadlessBrowser.Failure(description: "zlib (libz.so.1) not found")
        }
        let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
        var output = [UInt8](repeating: 0, count: expected)
        var length = UInt(expected)
        let status = output.withUnsafeMutableBufferPointer { buffer in
            compressed.withUnsafeBufferPointer { input in
                uncompress(buffer.baseAddress!, &length, input.baseAddress!, UInt(input.count))
            }
        }
        guard status == 0, Int(length) == expected else {
            throw HeadlessBrowser.Failure(description: "zlib uncompress failed (\(status))")
        }
        return output
    }
}
