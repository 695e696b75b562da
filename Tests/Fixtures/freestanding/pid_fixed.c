/* Fixed-point (Q16.16) PID controller with anti-windup, derivative on measurement and output clamping. */
#include <stdbool.h>
#include <stdint.h>

typedef int32_t q16;

#define Q16(x) ((q16)((x) * 65536))

struct pid {
    q16 kp, ki, kd;
    q16 integrator;
    q16 prev_measurement;
    q16 out_min, out_max;
    q16 int_min, int_max;
    bool first;
};

static q16 q16_mul(q16 a, q16 b)
{
    int64_t p = (int64_t)a * (int64_t)b;
    return (q16)(p / 65536);
}

static q16 q16_sat_add(q16 a, q16 b)
{
    int64_t s = (int64_t)a + (int64_t)b;
    if (s > INT32_MAX)
        return INT32_MAX;
    if (s < INT32_MIN)
        return INT32_MIN;
    return (q16)s;
}

static q16 q16_sat_sub(q16 a, q16 b)
{
    int64_t s = (int64_t)a - (int64_t)b;
    if (s > INT32_MAX)
        return INT32_MAX;
    if (s < INT32_MIN)
        return INT32_MIN;
    return (q16)s;
}

static q16 clamp(q16 v, q16 lo, q16 hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

void pid_init(struct pid *c, q16 kp, q16 ki, q16 kd, q16 out_min, q16 out_max)
{
    c->kp = kp;
    c->ki = ki;
    c->kd = kd;
    c->integrator = 0;
    c->prev_measurement = 0;
    c->out_min = out_min;
    c->out_max = out_max;
    c->int_min = out_min;
    c->int_max = out_max;
    c->first = true;
}

q16 pid_update(struct pid *c, q16 setpoint, q16 measurement)
{
    q16 error = q16_sat_sub(setpoint, measurement);
    q16 p = q16_mul(c->kp, error);

    c->integrator = clamp(q16_sat_add(c->integrator, q16_mul(c->ki, error)), c->int_min, c->int_max);

    q16 d = 0;
    if (!c->first)
        d = q16_mul(c->kd, q16_sat_sub(c->prev_measurement, measurement));
    c->first = false;
    c->prev_measurement = measurement;

    q16 out = q16_sat_add(q16_sat_add(p, c->integrator), d);
    if (out > c->out_max) {
        /* back-calculate to avoid integrator windup */
        c->integrator = q16_sat_sub(c->integrator, q16_sat_sub(out, c->out_max) / 2);
        out = c->out_max;
    } else if (out < c->out_min) {
        c->integrator = q16_sat_add(c->integrator, q16_sat_sub(c->out_min, out) / 2);
        out = c->out_min;
    }
    return out;
}

/* Simple first-order plant model used by a self-test: y += (u - y) / tau_steps */
q16 plant_step(q16 y, q16 u, int32_t tau_steps)
{
    return q16_sat_add(y, q16_sat_sub(u, y) / (tau_steps > 0 ? tau_steps : 1));
}

int32_t pid_selftest(void)
{
    struct pid c;
    pid_init(&c, Q16(2), Q16(0.25), Q16(0.5), Q16(-100), Q16(100));
    q16 y = 0;
    for (int i = 0; i < 200; i++) {
        q16 u = pid_update(&c, Q16(50), y);
        y = plant_step(y, u, 8);
    }
    return y / 65536;
}
