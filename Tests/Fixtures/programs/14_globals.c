/* Mutable globals in .data and zero-initialised state in .bss: a bump/free-list pool allocator. */
#include <stdint.h>
#include <stdio.h>

#define POOL_BLOCKS 32
#define BLOCK_SIZE 24

/* .data: initialised, writable configuration */
int config_retries = 3;
int config_thresholds[8] = { 10, 20, 40, 80, 160, 320, 640, 1280 };
char device_name[16] = "node-07";
static uint16_t calibration[4] = { 1000, 1012, 987, 1003 };

/* .bss: zero-initialised state */
static uint8_t pool_memory[POOL_BLOCKS][BLOCK_SIZE];
static int free_list[POOL_BLOCKS];
static int free_top;
static int pool_ready;
unsigned long alloc_count;
unsigned long free_count;
int histogram[16];

static void pool_init(void)
{
    for (int i = 0; i < POOL_BLOCKS; i++)
        free_list[i] = POOL_BLOCKS - 1 - i;
    free_top = POOL_BLOCKS;
    pool_ready = 1;
}

static void *pool_alloc(void)
{
    if (!pool_ready)
        pool_init();
    if (free_top == 0)
        return NULL;
    alloc_count++;
    return pool_memory[free_list[--free_top]];
}

static void pool_free(void *p)
{
    int idx = (int)(((uint8_t *)p - &pool_memory[0][0]) / BLOCK_SIZE);
    free_list[free_top++] = idx;
    free_count++;
}

static int classify(int v)
{
    int bucket = 0;
    while (bucket < 8 && v >= config_thresholds[bucket])
        bucket++;
    return bucket;
}

static int calibrate(int raw, int channel)
{
    return raw * calibration[channel & 3] / 1000;
}

int main(void)
{
    void *live[POOL_BLOCKS];
    int nlive = 0;
    for (int round = 0; round < 100; round++) {
        if (round % 3 != 2) {
            void *p = pool_alloc();
            if (p) {
                ((uint8_t *)p)[0] = (uint8_t)round;
                live[nlive++] = p;
            }
        } else if (nlive > 0) {
            pool_free(live[--nlive]);
        }
    }
    int first = nlive ? ((uint8_t *)live[0])[0] : -1;
    printf("live=%d allocs=%lu frees=%lu free_top=%d first=%d\n", nlive, alloc_count, free_count,
           free_top, first);

    for (int i = 0; i < 200; i++) {
        int raw = (i * 37) % 1500;
        histogram[classify(calibrate(raw, i))]++;
    }
    for (int i = 0; i < 9; i++)
        printf("bucket %d: %d\n", i, histogram[i]);

    config_thresholds[0] = 5;
    calibration[2] = 1100;
    device_name[5] = '9';
    config_retries--;
    printf("%s retries=%d class(7)=%d cal=%d\n", device_name, config_retries, classify(7),
           calibrate(500, 2));
    return 0;
}
