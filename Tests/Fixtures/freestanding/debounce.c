/* Button debouncing and event detection for up to 16 GPIO inputs sampled from a port register. */
#include <stdbool.h>
#include <stdint.h>

#define GPIOB_IDR_ADDR ((uintptr_t)0x48000410u)
#define NBUTTONS 16
#define STABLE_TICKS 4
#define LONG_PRESS_TICKS 200

enum button_event { EV_NONE = 0, EV_PRESS, EV_RELEASE, EV_LONG_PRESS };

struct debouncer {
    uint8_t counter[NBUTTONS];
    uint16_t stable;
    uint16_t held_ticks[NBUTTONS];
    uint16_t long_reported;
    uint8_t events[NBUTTONS];
};

static struct debouncer db;
static volatile const uint32_t *const gpio_idr = (volatile const uint32_t *)GPIOB_IDR_ADDR;

/* Vertical-counter style debounce: input must hold a new level for STABLE_TICKS samples. */
void debounce_sample(uint16_t raw)
{
    uint16_t changed = (uint16_t)(raw ^ db.stable);
    for (unsigned i = 0; i < NBUTTONS; i++) {
        uint16_t mask = (uint16_t)(1u << i);
        if (changed & mask) {
            if (++db.counter[i] >= STABLE_TICKS) {
                db.counter[i] = 0;
                db.stable ^= mask;
                if (db.stable & mask) {
                    db.events[i] = EV_PRESS;
                    db.held_ticks[i] = 0;
                    db.long_reported &= (uint16_t)~mask;
                } else {
                    db.events[i] = EV_RELEASE;
                }
            }
        } else {
            db.counter[i] = 0;
            if ((db.stable & mask) && db.held_ticks[i] < UINT16_MAX) {
                db.held_ticks[i]++;
                if (db.held_ticks[i] == LONG_PRESS_TICKS && !(db.long_reported & mask)) {
                    db.long_reported |= mask;
                    db.events[i] = EV_LONG_PRESS;
                }
            }
        }
    }
}

/* Called from a 1 kHz timer interrupt; buttons are active-low on the port. */
void debounce_tick(void)
{
    debounce_sample((uint16_t)~(*gpio_idr & 0xFFFFu));
}

enum button_event debounce_take_event(unsigned button)
{
    if (button >= NBUTTONS)
        return EV_NONE;
    enum button_event e = (enum button_event)db.events[button];
    db.events[button] = EV_NONE;
    return e;
}

bool debounce_is_down(unsigned button)
{
    return button < NBUTTONS && (db.stable >> button) & 1u;
}

uint16_t debounce_state(void) { return db.stable; }
