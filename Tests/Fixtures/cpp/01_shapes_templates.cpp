// Class hierarchy with virtual dispatch, a small template container and algorithms over std::vector.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

class Shape {
public:
    explicit Shape(std::string name) : name_(std::move(name)) {}
    virtual ~Shape() = default;
    virtual long area_x100() const = 0;
    virtual long perimeter_x100() const = 0;
    const std::string &name() const { return name_; }

private:
    std::string name_;
};

class Rect : public Shape {
public:
    Rect(long w, long h) : Shape("rect"), w_(w), h_(h) {}
    long area_x100() const override { return w_ * h_ * 100; }
    long perimeter_x100() const override { return 2 * (w_ + h_) * 100; }

private:
    long w_, h_;
};

class Square final : public Rect {
public:
    explicit Square(long s) : Rect(s, s) {}
};

class Circle : public Shape {
public:
    explicit Circle(long r) : Shape("circle"), r_(r) {}
    // pi approximated as 355/113 in integer arithmetic
    long area_x100() const override { return r_ * r_ * 35500 / 113; }
    long perimeter_x100() const override { return 2 * r_ * 35500 / 113; }

private:
    long r_;
};

template <typename T, std::size_t N>
class StaticStack {
public:
    bool push(const T &v)
    {
        if (size_ == N)
            return false;
        items_[size_++] = v;
        return true;
    }
    bool pop(T &out)
    {
        if (size_ == 0)
            return false;
        out = items_[--size_];
        return true;
    }
    std::size_t size() const { return size_; }

private:
    T items_[N]{};
    std::size_t size_ = 0;
};

template <typename It, typename F>
auto sum_by(It first, It last, F f) -> decltype(f(*first))
{
    decltype(f(*first)) total{};
    for (; first != last; ++first)
        total += f(*first);
    return total;
}

int main()
{
    std::vector<std::unique_ptr<Shape>> shapes;
    for (long i = 1; i <= 4; ++i) {
        shapes.push_back(std::make_unique<Rect>(i, i + 2));
        shapes.push_back(std::make_unique<Circle>(i * 3));
        shapes.push_back(std::make_unique<Square>(5 - i));
    }
    std::sort(shapes.begin(), shapes.end(), [](const auto &a, const auto &b) {
        if (a->area_x100() != b->area_x100())
            return a->area_x100() < b->area_x100();
        return a->perimeter_x100() < b->perimeter_x100();
    });
    for (const auto &s : shapes)
        std::printf("%-7s area=%6ld.%02ld perim=%5ld.%02ld\n", s->name().c_str(), s->area_x100() / 100,
                    s->area_x100() % 100, s->perimeter_x100() / 100, s->perimeter_x100() % 100);

    long total = sum_by(shapes.begin(), shapes.end(), [](const auto &s) { return s->area_x100(); });
    auto circles = std::count_if(shapes.begin(), shapes.end(),
                                 [](const auto &s) { return s->name() == "circle"; });
    std::printf("total area x100 = %ld, circles = %ld\n", total, static_cast<long>(circles));

    StaticStack<int, 8> st;
    int pushed = 0;
    for (int i = 0; i < 10; ++i)
        pushed += st.push(i * i) ? 1 : 0;
    std::vector<int> popped;
    int v;
    while (st.pop(v))
        popped.push_back(v);
    std::printf("pushed=%d popped:", pushed);
    for (int x : popped)
        std::printf(" %d", x);
    std::printf(" sum=%d\n", std::accumulate(popped.begin(), popped.end(), 0));
    return 0;
}
