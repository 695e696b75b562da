// A C++20 coroutine. Under the paper protocol its lowering runs clang's O0
// pipeline (coro-split included); a list with module(coro-cleanup) first
// lowers the coroutine intrinsics early and coro-split then crashes LLVM, so
// random emulation lists on it crash (and must be excluded) now and then.
// coroutine.ll is `passlab ir coroutine.cpp -o coroutine.ll -- -std=c++20`.
#include <coroutine>

struct task {
    struct promise_type {
        task get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() {}
    };
    std::coroutine_handle<promise_type> handle;
};

task step(int x) {
    co_await std::suspend_always{};
    (void)x;
}

int main() {
    task t = step(1);
    t.handle.resume();
    t.handle.destroy();
    return 0;
}
