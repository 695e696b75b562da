// Fixed-size matrix template with operator overloading, plus a generic ring buffer class and RAII logging.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

template <typename T, int R, int C>
struct Matrix {
    std::array<T, R * C> v{};

    T &operator()(int r, int c) { return v[static_cast<std::size_t>(r * C + c)]; }
    const T &operator()(int r, int c) const { return v[static_cast<std::size_t>(r * C + c)]; }

    template <int K>
    Matrix<T, R, K> operator*(const Matrix<T, C, K> &o) const
    {
        Matrix<T, R, K> out;
        for (int i = 0; i < R; ++i)
            for (int j = 0; j < K; ++j) {
                T acc{};
                for (int k = 0; k < C; ++k)
                    acc += (*this)(i, k) * o(k, j);
                out(i, j) = acc;
            }
        return out;
    }

    Matrix operator+(const Matrix &o) const
    {
        Matrix out;
        for (std::size_t i = 0; i < v.size(); ++i)
            out.v[i] = v[i] + o.v[i];
        return out;
    }

    Matrix<T, C, R> transposed() const
    {
        Matrix<T, C, R> out;
        for (int i = 0; i < R; ++i)
            for (int j = 0; j < C; ++j)
                out(j, i) = (*this)(i, j);
        return out;
    }
};

template <typename T, int R, int C>
static void print(const char *name, const Matrix<T, R, C> &m)
{
    std::printf("%s (%dx%d):\n", name, R, C);
    for (int i = 0; i < R; ++i) {
        for (int j = 0; j < C; ++j)
            std::printf(" %8lld", static_cast<long long>(m(i, j)));
        std::printf("\n");
    }
}

template <typename T>
class Ring {
public:
    explicit Ring(std::size_t cap) : buf_(cap) {}
    void push(const T &x)
    {
        buf_[head_] = x;
        head_ = (head_ + 1) % buf_.size();
        if (count_ < buf_.size())
            ++count_;
    }
    T sum() const
    {
        T s{};
        for (std::size_t i = 0; i < count_; ++i)
            s += buf_[i];
        return s;
    }
    std::size_t size() const { return count_; }

private:
    std::vector<T> buf_;
    std::size_t head_ = 0, count_ = 0;
};

class Scope {
public:
    explicit Scope(std::string n) : name_(std::move(n)) { std::printf("enter %s\n", name_.c_str()); ++depth_; }
    ~Scope() { --depth_; std::printf("leave %s (depth now %d)\n", name_.c_str(), depth_); }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    std::string name_;
    static int depth_;
};
int Scope::depth_ = 0;

int main()
{
    Scope outer("main");
    Matrix<std::int64_t, 3, 4> a;
    Matrix<std::int64_t, 4, 2> b;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j)
            a(i, j) = (i + 1) * (j - 1) + 3;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 2; ++j)
            b(i, j) = (i * 5 + j * 7) % 9 - 4;
    auto c = a * b;
    print("A", a);
    print("B", b);
    print("A*B", c);
    auto g = a * a.transposed();
    print("A*At", g + g);
    {
        Scope inner("ring");
        Ring<std::int64_t> r(5);
        for (int i = 1; i <= 12; ++i) {
            r.push(i * i);
            if (i % 4 == 0)
                std::printf("after %d pushes: size=%zu sum=%lld\n", i, r.size(), static_cast<long long>(r.sum()));
        }
    }
    Matrix<double, 2, 2> rot;
    rot(0, 0) = 0.6; rot(0, 1) = -0.8; rot(1, 0) = 0.8; rot(1, 1) = 0.6;
    Matrix<double, 2, 2> p = rot;
    for (int i = 0; i < 5; ++i)
        p = p * rot;
    std::printf("rot^6 = [%.6f %.6f; %.6f %.6f]\n", p(0, 0), p(0, 1), p(1, 0), p(1, 1));
    return 0;
}
