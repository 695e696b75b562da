/* Open-addressing string -> int hash table with linear probing and tombstones. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TABLE_SIZE 64
#define KEY_MAX 16

enum slot_state { SLOT_EMPTY = 0, SLOT_USED, SLOT_DELETED };

struct slot {
    char key[KEY_MAX];
    int value;
    unsigned char state;
};

struct table {
    struct slot slots[TABLE_SIZE];
    int count;
    int probes;
};

static struct table g_table;

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (uint8_t)*s++;
        h *= 16777619u;
    }
    return h;
}

static int table_find(struct table *t, const char *key)
{
    uint32_t idx = fnv1a(key) & (TABLE_SIZE - 1);
    for (int i = 0; i < TABLE_SIZE; i++) {
        struct slot *s = &t->slots[(idx + (uint32_t)i) & (TABLE_SIZE - 1)];
        t->probes++;
        if (s->state == SLOT_EMPTY)
            return -1;
        if (s->state == SLOT_USED && strcmp(s->key, key) == 0)
            return (int)((idx + (uint32_t)i) & (TABLE_SIZE - 1));
    }
    return -1;
}

int table_put(struct table *t, const char *key, int value)
{
    int found = table_find(t, key);
    if (found >= 0) {
        t->slots[found].value = value;
        return 0;
    }
    if (strlen(key) >= KEY_MAX || t->count >= TABLE_SIZE - 1)
        return -1;
    uint32_t idx = fnv1a(key) & (TABLE_SIZE - 1);
    for (;;) {
        struct slot *s = &t->slots[idx];
        if (s->state != SLOT_USED) {
            strcpy(s->key, key);
            s->value = value;
            s->state = SLOT_USED;
            t->count++;
            return 1;
        }
        idx = (idx + 1) & (TABLE_SIZE - 1);
    }
}

int table_get(struct table *t, const char *key, int *out)
{
    int i = table_find(t, key);
    if (i < 0)
        return 0;
    *out = t->slots[i].value;
    return 1;
}

int table_remove(struct table *t, const char *key)
{
    int i = table_find(t, key);
    if (i < 0)
        return 0;
    t->slots[i].state = SLOT_DELETED;
    t->count--;
    return 1;
}

int main(void)
{
    static const char *const words[] = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november",
        "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform",
        "victor", "whiskey", "xray", "yankee", "zulu", "alpha", "echo",
    };
    const int nwords = (int)(sizeof words / sizeof words[0]);

    for (int i = 0; i < nwords; i++) {
        int v = 0;
        if (table_get(&g_table, words[i], &v))
            table_put(&g_table, words[i], v + 100);
        else
            table_put(&g_table, words[i], i);
    }
    printf("count=%d\n", g_table.count);

    table_remove(&g_table, "delta");
    table_remove(&g_table, "kilo");
    table_remove(&g_table, "nonexistent");
    table_put(&g_table, "kilo", 4242);

    static const char *const queries[] = { "alpha", "delta", "echo", "kilo", "zulu", "zzz" };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        int v = -1;
        int ok = table_get(&g_table, queries[i], &v);
        printf("%-8s -> %s %d\n", queries[i], ok ? "hit " : "miss", ok ? v : 0);
    }
    long total = 0;
    for (int i = 0; i < TABLE_SIZE; i++)
        if (g_table.slots[i].state == SLOT_USED)
            total += g_table.slots[i].value * (i + 1);
    printf("count=%d weighted=%ld probes=%d\n", g_table.count, total, g_table.probes);
    return 0;
}
