/* CRC-16 variants for firmware: CCITT-FALSE (bitwise and nibble-table) and Modbus (reflected). */
#include <stddef.h>
#include <stdint.h>

static const uint16_t ccitt_nibble[16] = {
    0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50A5, 0x60C6, 0x70E7,
    0x8108, 0x9129, 0xA14A, 0xB16B, 0xC18C, 0xD1AD, 0xE1CE, 0xF1EF,
};

uint16_t crc16_ccitt_bitwise(const uint8_t *data, size_t len, uint16_t crc)
{
    while (len--) {
        crc ^= (uint16_t)(*data++ << 8);
        for (int i = 0; i < 8; i++)
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    }
    return crc;
}

uint16_t crc16_ccitt_nibble(const uint8_t *data, size_t len, uint16_t crc)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t b = data[i];
        crc = (uint16_t)((crc << 4) ^ ccitt_nibble[(crc >> 12) ^ (b >> 4)]);
        crc = (uint16_t)((crc << 4) ^ ccitt_nibble[(crc >> 12) ^ (b & 0x0Fu)]);
    }
    return crc;
}

uint16_t crc16_modbus(const uint8_t *data, size_t len)
{
    uint16_t crc = 0xFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++) {
            if (crc & 1u)
                crc = (uint16_t)((crc >> 1) ^ 0xA001u);
            else
                crc >>= 1;
        }
    }
    return crc;
}

/* Appends a Modbus CRC (low byte first) to a frame; returns new length or 0 if it does not fit. */
size_t modbus_seal_frame(uint8_t *frame, size_t len, size_t cap)
{
    if (len + 2 > cap)
        return 0;
    uint16_t crc = crc16_modbus(frame, len);
    frame[len] = (uint8_t)(crc & 0xFFu);
    frame[len + 1] = (uint8_t)(crc >> 8);
    return len + 2;
}

int modbus_check_frame(const uint8_t *frame, size_t len)
{
    if (len < 4)
        return 0;
    uint16_t crc = crc16_modbus(frame, len - 2);
    return frame[len - 2] == (uint8_t)(crc & 0xFFu) && frame[len - 1] == (uint8_t)(crc >> 8);
}
