/* Struct-heavy ring buffer (byte FIFO) plus a message framer built on top of it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RB_CAP 32u  /* must be a power of two */

struct ring_buffer {
    uint8_t data[RB_CAP];
    uint32_t head;   /* write index, free-running */
    uint32_t tail;   /* read index, free-running */
    uint32_t overruns;
    uint32_t high_water;
};

struct frame_stats {
    unsigned frames;
    unsigned bad_checksum;
    unsigned bytes;
};

struct framer {
    struct ring_buffer rx;
    uint8_t payload[16];
    struct frame_stats stats;
};

static void rb_init(struct ring_buffer *rb) { memset(rb, 0, sizeof *rb); }
static uint32_t rb_used(const struct ring_buffer *rb) { return rb->head - rb->tail; }
static uint32_t rb_free(const struct ring_buffer *rb) { return RB_CAP - rb_used(rb); }

static int rb_put(struct ring_buffer *rb, uint8_t b)
{
    if (rb_free(rb) == 0) {
        rb->overruns++;
        return 0;
    }
    rb->data[rb->head++ & (RB_CAP - 1)] = b;
    if (rb_used(rb) > rb->high_water)
        rb->high_water = rb_used(rb);
    return 1;
}

static int rb_get(struct ring_buffer *rb, uint8_t *out)
{
    if (rb_used(rb) == 0)
        return 0;
    *out = rb->data[rb->tail++ & (RB_CAP - 1)];
    return 1;
}

static int rb_peek(const struct ring_buffer *rb, uint32_t offset, uint8_t *out)
{
    if (offset >= rb_used(rb))
        return 0;
    *out = rb->data[(rb->tail + offset) & (RB_CAP - 1)];
    return 1;
}

/* Frame format: 0x7E len payload[len] sum (sum = 8-bit sum of payload) */
static int framer_poll(struct framer *f, uint8_t *len_out)
{
    uint8_t b;
    while (rb_peek(&f->rx, 0, &b) && b != 0x7E)
        rb_get(&f->rx, &b);
    uint8_t len;
    if (!rb_peek(&f->rx, 1, &len))
        return 0;
    if (len > sizeof f->payload) {
        rb_get(&f->rx, &b);
        return 0;
    }
    if (rb_used(&f->rx) < (uint32_t)len + 3u)
        return 0;
    rb_get(&f->rx, &b);
    rb_get(&f->rx, &b);
    uint8_t sum = 0;
    for (uint8_t i = 0; i < len; i++) {
        rb_get(&f->rx, &f->payload[i]);
        sum = (uint8_t)(sum + f->payload[i]);
    }
    rb_get(&f->rx, &b);
    if (b != sum) {
        f->stats.bad_checksum++;
        return 0;
    }
    f->stats.frames++;
    f->stats.bytes += len;
    *len_out = len;
    return 1;
}

static size_t build_frame(uint8_t *out, const char *msg, int corrupt)
{
    size_t n = strlen(msg);
    uint8_t sum = 0;
    out[0] = 0x7E;
    out[1] = (uint8_t)n;
    for (size_t i = 0; i < n; i++) {
        out[2 + i] = (uint8_t)msg[i];
        sum = (uint8_t)(sum + (uint8_t)msg[i]);
    }
    out[2 + n] = (uint8_t)(corrupt ? sum ^ 0x55 : sum);
    return n + 3;
}

int main(void)
{
    static struct framer f;
    static const char *const msgs[] = { "hello", "ring", "buffer!", "bad", "x", "temperature=21" };
    uint8_t stream[256];
    size_t n = 0;
    stream[n++] = 0x00;
    stream[n++] = 0x13;
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        n += build_frame(stream + n, msgs[i], i == 3);

    rb_init(&f.rx);
    size_t fed = 0;
    while (fed < n || rb_used(&f.rx) > 0) {
        for (int k = 0; k < 5 && fed < n; k++)
            rb_put(&f.rx, stream[fed++]);
        uint8_t len;
        while (framer_poll(&f, &len))
            printf("frame %u: \"%.*s\"\n", f.stats.frames, (int)len, (const char *)f.payload);
        if (fed >= n && rb_used(&f.rx) > 0 && rb_used(&f.rx) < 3) {
            uint8_t junk;
            rb_get(&f.rx, &junk);
        }
    }
    printf("frames=%u bad=%u bytes=%u hw=%u overruns=%u\n", f.stats.frames, f.stats.bad_checksum,
           f.stats.bytes, (unsigned)f.rx.high_water, (unsigned)f.rx.overruns);

    struct ring_buffer small;
    rb_init(&small);
    for (unsigned i = 0; i < 40; i++)
        rb_put(&small, (uint8_t)i);
    uint8_t v;
    unsigned total = 0;
    while (rb_get(&small, &v))
        total += v;
    printf("small: total=%u overruns=%u\n", total, (unsigned)small.overruns);
    return 0;
}
