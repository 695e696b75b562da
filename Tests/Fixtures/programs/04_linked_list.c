/* Singly linked list with heap nodes: sorted insert, reverse, delete, merge sort. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *node_new(int value)
{
    struct node *n = malloc(sizeof *n);
    if (!n) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    n->value = value;
    n->next = NULL;
    return n;
}

struct node *list_push(struct node *head, int value)
{
    struct node *n = node_new(value);
    n->next = head;
    return n;
}

struct node *list_insert_sorted(struct node *head, int value)
{
    struct node **link = &head;
    while (*link && (*link)->value < value)
        link = &(*link)->next;
    struct node *n = node_new(value);
    n->next = *link;
    *link = n;
    return head;
}

struct node *list_reverse(struct node *head)
{
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

struct node *list_remove_if(struct node *head, int (*pred)(int), int *removed)
{
    struct node **link = &head;
    while (*link) {
        if (pred((*link)->value)) {
            struct node *dead = *link;
            *link = dead->next;
            free(dead);
            (*removed)++;
        } else {
            link = &(*link)->next;
        }
    }
    return head;
}

static struct node *merge(struct node *a, struct node *b)
{
    struct node dummy = { 0, NULL };
    struct node *tail = &dummy;
    while (a && b) {
        if (a->value <= b->value) { tail->next = a; a = a->next; }
        else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return dummy.next;
}

struct node *list_sort(struct node *head)
{
    if (!head || !head->next)
        return head;
    struct node *slow = head, *fast = head->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(list_sort(head), list_sort(second));
}

static void list_print(const char *label, const struct node *n)
{
    printf("%s:", label);
    for (; n; n = n->next)
        printf(" %d", n->value);
    printf("\n");
}

static void list_free(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        free(n);
        n = next;
    }
}

static int is_multiple_of_three(int v) { return v % 3 == 0; }

int main(void)
{
    struct node *sorted = NULL, *stack = NULL;
    unsigned x = 12345u;
    for (int i = 0; i < 20; i++) {
        x = x * 1103515245u + 12345u;
        int v = (int)((x >> 16) % 100u);
        sorted = list_insert_sorted(sorted, v);
        stack = list_push(stack, v);
    }
    list_print("sorted", sorted);
    list_print("stack", stack);
    stack = list_reverse(stack);
    list_print("reversed", stack);
    stack = list_sort(stack);
    list_print("msort", stack);

    int removed = 0;
    sorted = list_remove_if(sorted, is_multiple_of_three, &removed);
    printf("removed %d\n", removed);
    list_print("filtered", sorted);

    list_free(sorted);
    list_free(stack);
    return 0;
}
