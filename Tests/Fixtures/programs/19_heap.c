/* Binary min-heap priority queue, heapsort, and Dijkstra on a small fixed graph. */
#include <stdio.h>

#define HEAP_CAP 64
#define NV 8
#define INF 0x3FFFFFFF

struct item {
    int key;
    int id;
};

struct heap {
    struct item a[HEAP_CAP];
    int n;
};

static void swap_items(struct item *x, struct item *y)
{
    struct item t = *x;
    *x = *y;
    *y = t;
}

static int heap_push(struct heap *h, int key, int id)
{
    if (h->n >= HEAP_CAP)
        return 0;
    int i = h->n++;
    h->a[i].key = key;
    h->a[i].id = id;
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (h->a[parent].key <= h->a[i].key)
            break;
        swap_items(&h->a[parent], &h->a[i]);
        i = parent;
    }
    return 1;
}

static void sift_down(struct item *a, int n, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && a[l].key < a[m].key) m = l;
        if (r < n && a[r].key < a[m].key) m = r;
        if (m == i)
            return;
        swap_items(&a[i], &a[m]);
        i = m;
    }
}

static int heap_pop(struct heap *h, struct item *out)
{
    if (h->n == 0)
        return 0;
    *out = h->a[0];
    h->a[0] = h->a[--h->n];
    sift_down(h->a, h->n, 0);
    return 1;
}

static void heapsort_desc(struct item *a, int n)
{
    for (int i = n / 2 - 1; i >= 0; i--)
        sift_down(a, n, i);
    for (int end = n - 1; end > 0; end--) {
        swap_items(&a[0], &a[end]);
        sift_down(a, end, 0);
    }
}

static const int graph[NV][NV] = {
    { 0, 4, 0, 0, 0, 0, 0, 8 },
    { 4, 0, 8, 0, 0, 0, 0, 11 },
    { 0, 8, 0, 7, 0, 4, 0, 0 },
    { 0, 0, 7, 0, 9, 14, 0, 0 },
    { 0, 0, 0, 9, 0, 10, 0, 0 },
    { 0, 0, 4, 14, 10, 0, 2, 0 },
    { 0, 0, 0, 0, 0, 2, 0, 1 },
    { 8, 11, 0, 0, 0, 0, 1, 0 },
};

static void dijkstra(int src, int *dist, int *prev)
{
    static struct heap pq;
    pq.n = 0;
    for (int v = 0; v < NV; v++) {
        dist[v] = INF;
        prev[v] = -1;
    }
    dist[src] = 0;
    heap_push(&pq, 0, src);
    struct item it;
    while (heap_pop(&pq, &it)) {
        if (it.key > dist[it.id])
            continue;
        for (int v = 0; v < NV; v++) {
            int w = graph[it.id][v];
            if (w && dist[it.id] + w < dist[v]) {
                dist[v] = dist[it.id] + w;
                prev[v] = it.id;
                heap_push(&pq, dist[v], v);
            }
        }
    }
}

int main(void)
{
    static struct heap h;
    unsigned s = 7u;
    for (int i = 0; i < 20; i++) {
        s = s * 1664525u + 1013904223u;
        heap_push(&h, (int)(s >> 24), i);
    }
    struct item it;
    printf("pop order:");
    while (heap_pop(&h, &it))
        printf(" %d/%d", it.key, it.id);
    printf("\n");

    struct item arr[12];
    for (int i = 0; i < 12; i++) {
        arr[i].key = (i * 37 + 5) % 23;
        arr[i].id = i;
    }
    heapsort_desc(arr, 12);
    printf("heapsort desc:");
    for (int i = 0; i < 12; i++)
        printf(" %d", arr[i].key);
    printf("\n");

    int dist[NV], prev[NV];
    dijkstra(0, dist, prev);
    for (int v = 0; v < NV; v++) {
        printf("node %d dist=%2d path:", v, dist[v]);
        int path[NV], len = 0;
        for (int u = v; u != -1; u = prev[u])
            path[len++] = u;
        while (len--)
            printf(" %d", path[len]);
        printf("\n");
    }
    return 0;
}
