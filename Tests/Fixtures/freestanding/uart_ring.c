/* Interrupt-driven UART driver with TX/RX ring buffers over a memory-mapped register block. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart_regs {
    volatile uint32_t DATA;
    volatile uint32_t STATUS;
    volatile uint32_t CTRL;
    volatile uint32_t BAUD;
    volatile uint32_t INT_EN;
    volatile uint32_t INT_CLR;
};

#define UART0_BASE ((uintptr_t)0x40011000u)
#define UART0 ((struct uart_regs *)UART0_BASE)

#define ST_RX_READY  (1u << 0)
#define ST_TX_EMPTY  (1u << 1)
#define ST_OVERRUN   (1u << 3)
#define CTRL_ENABLE  (1u << 0)
#define CTRL_TX_EN   (1u << 1)
#define CTRL_RX_EN   (1u << 2)
#define INT_RX       (1u << 0)
#define INT_TX       (1u << 1)

#define RING_SIZE 64u

struct ring {
    uint8_t buf[RING_SIZE];
    volatile uint16_t head;
    volatile uint16_t tail;
};

static struct ring rx_ring, tx_ring;
static volatile uint32_t overrun_count;
static struct uart_regs *uart;

static bool ring_push(struct ring *r, uint8_t b)
{
    uint16_t next = (uint16_t)((r->head + 1u) % RING_SIZE);
    if (next == r->tail)
        return false;
    r->buf[r->head] = b;
    r->head = next;
    return true;
}

static bool ring_pop(struct ring *r, uint8_t *b)
{
    if (r->head == r->tail)
        return false;
    *b = r->buf[r->tail];
    r->tail = (uint16_t)((r->tail + 1u) % RING_SIZE);
    return true;
}

void uart_init(uint32_t periph_clock_hz, uint32_t baud)
{
    uart = UART0;
    uart->CTRL = 0;
    uart->BAUD = (periph_clock_hz + baud / 2u) / baud;
    rx_ring.head = rx_ring.tail = 0;
    tx_ring.head = tx_ring.tail = 0;
    overrun_count = 0;
    uart->INT_CLR = 0xFFFFFFFFu;
    uart->INT_EN = INT_RX;
    uart->CTRL = CTRL_ENABLE | CTRL_TX_EN | CTRL_RX_EN;
}

void uart_irq_handler(void)
{
    uint32_t st = uart->STATUS;
    if (st & ST_OVERRUN) {
        overrun_count++;
        uart->INT_CLR = ST_OVERRUN;
    }
    while (st & ST_RX_READY) {
        uint8_t b = (uint8_t)uart->DATA;
        if (!ring_push(&rx_ring, b))
            overrun_count++;
        st = uart->STATUS;
    }
    if (st & ST_TX_EMPTY) {
        uint8_t b;
        if (ring_pop(&tx_ring, &b))
            uart->DATA = b;
        else
            uart->INT_EN &= ~INT_TX;
    }
}

size_t uart_write(const uint8_t *data, size_t len)
{
    size_t n = 0;
    while (n < len && ring_push(&tx_ring, data[n]))
        n++;
    if (n)
        uart->INT_EN |= INT_TX;
    return n;
}

size_t uart_read(uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (n < cap && ring_pop(&rx_ring, &out[n]))
        n++;
    return n;
}

size_t uart_read_line(char *out, size_t cap)
{
    uint16_t t = rx_ring.tail;
    size_t n = 0;
    while (t != rx_ring.head) {
        if (rx_ring.buf[t] == '\n') {
            uint8_t b;
            while (n + 1 < cap && ring_pop(&rx_ring, &b) && b != '\n')
                out[n++] = (char)b;
            out[n] = '\0';
            return n;
        }
        t = (uint16_t)((t + 1u) % RING_SIZE);
    }
    return 0;
}

uint32_t uart_overruns(void) { return overrun_count; }
