/* Simple comparison sorts over small integer arrays. */
#include <stdio.h>

#define N 24

static const int seed_data[N] = {
    42, -7, 19, 0, 88, 23, 23, -150, 7, 64, 3, 999,
    -1, 56, 12, 31, 8, 8, 77, -42, 5, 100, 61, 2
};

static void copy_array(int *dst, const int *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static int bubble_sort(int *a, int n)
{
    int swaps = 0;
    for (int pass = 0; pass < n - 1; pass++) {
        int swapped = 0;
        for (int i = 0; i < n - 1 - pass; i++) {
            if (a[i] > a[i + 1]) {
                int t = a[i];
                a[i] = a[i + 1];
                a[i + 1] = t;
                swapped = 1;
                swaps++;
            }
        }
        if (!swapped)
            break;
    }
    return swaps;
}

static int insertion_sort(int *a, int n)
{
    int moves = 0;
    for (int i = 1; i < n; i++) {
        int key = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > key) {
            a[j + 1] = a[j];
            j--;
            moves++;
        }
        a[j + 1] = key;
    }
    return moves;
}

static void shell_sort(int *a, int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2) {
        for (int i = gap; i < n; i++) {
            int v = a[i];
            int j = i;
            while (j >= gap && a[j - gap] > v) {
                a[j] = a[j - gap];
                j -= gap;
            }
            a[j] = v;
        }
    }
}

static int is_sorted(const int *a, int n)
{
    for (int i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            return 0;
    return 1;
}

static unsigned checksum(const int *a, int n)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h ^= (unsigned)a[i];
        h *= 16777619u;
    }
    return h;
}

int main(void)
{
    int work[N];

    copy_array(work, seed_data, N);
    int swaps = bubble_sort(work, N);
    printf("bubble: swaps=%d sorted=%d sum=%08x\n", swaps, is_sorted(work, N), checksum(work, N));

    copy_array(work, seed_data, N);
    int moves = insertion_sort(work, N);
    printf("insertion: moves=%d sorted=%d sum=%08x\n", moves, is_sorted(work, N), checksum(work, N));

    copy_array(work, seed_data, N);
    shell_sort(work, N);
    printf("shell: sorted=%d sum=%08x\n", is_sorted(work, N), checksum(work, N));

    for (int i = 0; i < N; i++)
        printf("%d%c", work[i], i == N - 1 ? '\n' : ' ');
    return 0;
}
