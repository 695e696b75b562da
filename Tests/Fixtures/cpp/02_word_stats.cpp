// Text processing with std::string, std::map and std::vector: word frequencies, n-grams and a Caesar cipher.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

static const char kText[] =
    "the small board boots fast and the small board sleeps deep. "
    "firmware that sleeps deep saves power, and firmware that boots fast feels responsive. "
    "the board has a timer, a uart and a radio; the radio sleeps when the timer says so.";

static std::vector<std::string> split_words(const std::string &text)
{
    std::vector<std::string> words;
    std::string cur;
    for (char ch : text) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalpha(c)) {
            cur.push_back(static_cast<char>(std::tolower(c)));
        } else if (!cur.empty()) {
            words.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty())
        words.push_back(cur);
    return words;
}

static std::string caesar(const std::string &s, int shift)
{
    std::string out = s;
    for (char &ch : out) {
        if (ch >= 'a' && ch <= 'z')
            ch = static_cast<char>('a' + (ch - 'a' + shift + 26) % 26);
    }
    return out;
}

template <typename Map>
static std::vector<std::pair<typename Map::key_type, int>> top_n(const Map &m, std::size_t n)
{
    std::vector<std::pair<typename Map::key_type, int>> v(m.begin(), m.end());
    std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (v.size() > n)
        v.resize(n);
    return v;
}

int main()
{
    const std::vector<std::string> words = split_words(kText);
    std::map<std::string, int> freq;
    std::map<std::pair<std::string, std::string>, int> bigrams;
    std::map<std::size_t, int> lengths;
    for (std::size_t i = 0; i < words.size(); ++i) {
        ++freq[words[i]];
        ++lengths[words[i].size()];
        if (i + 1 < words.size())
            ++bigrams[{words[i], words[i + 1]}];
    }
    std::printf("words=%zu unique=%zu\n", words.size(), freq.size());
    for (const auto &p : top_n(freq, 6))
        std::printf("  %-10s %d\n", p.first.c_str(), p.second);
    for (const auto &p : top_n(bigrams, 4))
        std::printf("  %s %s : %d\n", p.first.first.c_str(), p.first.second.c_str(), p.second);

    std::ostringstream hist;
    for (const auto &p : lengths)
        hist << p.first << ':' << std::string(static_cast<std::size_t>(p.second), '#') << ' ';
    std::printf("lengths %s\n", hist.str().c_str());

    std::string longest = *std::max_element(words.begin(), words.end(), [](const auto &a, const auto &b) {
        return a.size() < b.size();
    });
    std::string enc = caesar(longest, 3);
    std::printf("longest=%s caesar=%s back=%s\n", longest.c_str(), enc.c_str(), caesar(enc, -3).c_str());

    std::vector<std::string> sorted = words;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string joined;
    for (const auto &w : sorted) {
        if (!joined.empty())
            joined += ',';
        joined += w;
    }
    std::printf("dictionary(%zu): %s\n", sorted.size(), joined.c_str());
    return 0;
}
