/* Struct records sorted with qsort using several comparators, searched with bsearch, and summarised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct part {
    unsigned id;
    char name[20];
    unsigned qty;
    unsigned price_cents;
    unsigned char category;
};

static struct part stock[] = {
    { 1042, "resistor 10k", 5000, 2, 1 },   { 2001, "mcu cortex-m4", 120, 645, 3 },
    { 1007, "capacitor 100n", 8000, 3, 1 }, { 3300, "ldo 3v3", 400, 38, 2 },
    { 2002, "mcu risc-v", 75, 212, 3 },     { 1500, "led red", 1500, 4, 4 },
    { 1501, "led green", 1200, 5, 4 },      { 3301, "buck 5v", 90, 150, 2 },
    { 4000, "crystal 8MHz", 300, 22, 5 },   { 1043, "resistor 4k7", 4000, 2, 1 },
    { 2500, "usb-c connector", 250, 41, 6 },{ 4001, "crystal 32k", 280, 18, 5 },
};
#define NPARTS (sizeof stock / sizeof stock[0])

static int by_id(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int by_value_desc(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    unsigned long vx = (unsigned long)x->qty * x->price_cents;
    unsigned long vy = (unsigned long)y->qty * y->price_cents;
    if (vx != vy)
        return vx < vy ? 1 : -1;
    return by_id(a, b);
}

static int by_category_then_name(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    if (x->category != y->category)
        return (int)x->category - (int)y->category;
    return strcmp(x->name, y->name);
}

static void show(const char *title, size_t limit)
{
    printf("-- %s\n", title);
    for (size_t i = 0; i < NPARTS && i < limit; i++)
        printf("  %4u %-16s cat=%u qty=%5u @%4u\n", stock[i].id, stock[i].name, stock[i].category,
               stock[i].qty, stock[i].price_cents);
}

static struct part *find_part(unsigned id)
{
    struct part key;
    memset(&key, 0, sizeof key);
    key.id = id;
    return bsearch(&key, stock, NPARTS, sizeof stock[0], by_id);
}

int main(void)
{
    qsort(stock, NPARTS, sizeof stock[0], by_value_desc);
    show("top value", 4);
    qsort(stock, NPARTS, sizeof stock[0], by_category_then_name);
    show("by category", NPARTS);
    qsort(stock, NPARTS, sizeof stock[0], by_id);

    static const unsigned lookups[] = { 2002, 1500, 9999, 1042, 1000 };
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
        struct part *p = find_part(lookups[i]);
        if (p) {
            p->qty = p->qty > 10 ? p->qty - 10 : 0;
            printf("found %u: %s, qty now %u\n", p->id, p->name, p->qty);
        } else {
            printf("missing %u\n", lookups[i]);
        }
    }
    unsigned long cat_value[8] = { 0 };
    for (size_t i = 0; i < NPARTS; i++)
        cat_value[stock[i].category & 7] += (unsigned long)stock[i].qty * stock[i].price_cents;
    for (int c = 1; c < 7; c++)
        printf("category %d value %lu.%02lu\n", c, cat_value[c] / 100, cat_value[c] % 100);
    return 0;
}
