/* Switch-heavy state machines: a byte-level AT-response lexer feeding a modem connection FSM. */
#include <stdio.h>
#include <string.h>

enum line_state { LS_IDLE, LS_CR, LS_TEXT, LS_PROMPT };
enum resp { R_NONE, R_OK, R_ERROR, R_CONNECT, R_NO_CARRIER, R_RING, R_BUSY, R_CSQ, R_CREG, R_PROMPT, R_OTHER };
enum modem_state { M_OFF, M_BOOT, M_CHECK_SIM, M_WAIT_REG, M_READY, M_DIALING, M_ONLINE, M_HANGUP, M_FAULT };

struct lexer {
    enum line_state st;
    char line[48];
    unsigned len;
    unsigned overflow;
};

struct modem {
    enum modem_state st;
    int rssi;
    int reg;
    unsigned retries;
    unsigned rings;
    unsigned transitions;
    char last_cmd[24];
};

static const char *const state_names[] = {
    "OFF", "BOOT", "CHECK_SIM", "WAIT_REG", "READY", "DIALING", "ONLINE", "HANGUP", "FAULT",
};

static int parse_int(const char *s, int *out)
{
    int v = 0, any = 0, neg = 0;
    if (*s == '-') { neg = 1; s++; }
    while (*s >= '0' && *s <= '9') {
        if (v < 100000)
            v = v * 10 + (*s - '0');
        s++;
        any = 1;
    }
    *out = neg ? -v : v;
    return any;
}

static enum resp classify(const char *line, int *arg)
{
    *arg = 0;
    if (strcmp(line, "OK") == 0) return R_OK;
    if (strcmp(line, "ERROR") == 0) return R_ERROR;
    if (strncmp(line, "CONNECT", 7) == 0) { parse_int(line + 8, arg); return R_CONNECT; }
    if (strcmp(line, "NO CARRIER") == 0) return R_NO_CARRIER;
    if (strcmp(line, "RING") == 0) return R_RING;
    if (strcmp(line, "BUSY") == 0) return R_BUSY;
    if (strncmp(line, "+CSQ: ", 6) == 0) { parse_int(line + 6, arg); return R_CSQ; }
    if (strncmp(line, "+CREG: ", 7) == 0) {
        const char *comma = strchr(line, ',');
        parse_int(comma ? comma + 1 : line + 7, arg);
        return R_CREG;
    }
    return R_OTHER;
}

/* Feeds one byte; returns a response code when a complete line (or prompt) was seen. */
static enum resp lexer_feed(struct lexer *lx, char c, int *arg)
{
    switch (lx->st) {
    case LS_IDLE:
        if (c == '\r' || c == '\n') return R_NONE;
        if (c == '>') { lx->st = LS_PROMPT; return R_NONE; }
        lx->len = 0;
        lx->st = LS_TEXT;
        /* fall through */
    case LS_TEXT:
        if (c == '\r') { lx->st = LS_CR; return R_NONE; }
        if (c == '\n') break;
        if (lx->len + 1 < sizeof lx->line) lx->line[lx->len++] = c;
        else lx->overflow++;
        return R_NONE;
    case LS_CR:
        if (c != '\n') { lx->st = LS_TEXT; return lexer_feed(lx, c, arg); }
        break;
    case LS_PROMPT:
        lx->st = LS_IDLE;
        if (c == ' ') return R_PROMPT;
        return lexer_feed(lx, c, arg);
    }
    lx->line[lx->len] = '\0';
    lx->st = LS_IDLE;
    return classify(lx->line, arg);
}

static void send_cmd(struct modem *m, const char *cmd)
{
    strncpy(m->last_cmd, cmd, sizeof m->last_cmd - 1);
    m->last_cmd[sizeof m->last_cmd - 1] = '\0';
    printf("    -> %s\n", cmd);
}

static void go(struct modem *m, enum modem_state next)
{
    if (next != m->st) {
        printf("    [%s -> %s]\n", state_names[m->st], state_names[next]);
        m->st = next;
        m->transitions++;
    }
}

static void modem_event(struct modem *m, enum resp r, int arg)
{
    if (r == R_RING) {
        m->rings++;
        if (m->st == M_READY && m->rings >= 2) { send_cmd(m, "ATA"); go(m, M_DIALING); }
        return;
    }
    switch (m->st) {
    case M_OFF:
        break;
    case M_BOOT:
        if (r == R_OK) { send_cmd(m, "AT+CPIN?"); go(m, M_CHECK_SIM); }
        else if (r == R_ERROR && ++m->retries > 2) go(m, M_FAULT);
        else if (r == R_ERROR) send_cmd(m, "AT");
        break;
    case M_CHECK_SIM:
        if (r == R_OK) { send_cmd(m, "AT+CREG?"); go(m, M_WAIT_REG); }
        else if (r == R_ERROR) go(m, M_FAULT);
        break;
    case M_WAIT_REG:
        if (r == R_CREG) m->reg = arg;
        else if (r == R_OK && (m->reg == 1 || m->reg == 5)) { send_cmd(m, "AT+CSQ"); go(m, M_READY); }
        else if (r == R_OK) send_cmd(m, "AT+CREG?");
        break;
    case M_READY:
        if (r == R_CSQ) m->rssi = arg == 99 ? -1 : -113 + 2 * arg;
        else if (r == R_OK && m->rssi > -100 && strcmp(m->last_cmd, "AT+CSQ") == 0) {
            send_cmd(m, "ATD5551234");
            go(m, M_DIALING);
        }
        break;
    case M_DIALING:
        if (r == R_CONNECT) { printf("    link up at %d bps\n", arg); go(m, M_ONLINE); }
        else if (r == R_BUSY || r == R_NO_CARRIER || r == R_ERROR) {
            if (++m->retries > 3) go(m, M_FAULT);
            else { send_cmd(m, "ATD5551234"); }
        }
        break;
    case M_ONLINE:
        if (r == R_NO_CARRIER) { send_cmd(m, "ATH"); go(m, M_HANGUP); }
        else if (r == R_PROMPT) send_cmd(m, "<payload>");
        break;
    case M_HANGUP:
        if (r == R_OK) { m->rings = 0; go(m, M_READY); }
        break;
    case M_FAULT:
        break;
    }
}

int main(void)
{
    static const char transcript[] =
        "\r\nERROR\r\n\r\nOK\r\n\r\nOK\r\n"
        "\r\n+CREG: 0,2\r\n\r\nOK\r\n\r\n+CREG: 0,5\r\n\r\nOK\r\n"
        "\r\n+CSQ: 17,0\r\n\r\nOK\r\n"
        "\r\nBUSY\r\n\r\nNO CARRIER\r\n\r\nCONNECT 115200\r\n"
        "> \r\nSOME UNSOLICITED LINE THAT IS DEFINITELY TOO LONG FOR THE BUFFER\r\n"
        "\r\nNO CARRIER\r\n\r\nOK\r\n\r\nRING\r\n\r\nRING\r\n\r\nCONNECT 9600\r\n";

    struct lexer lx;
    struct modem m;
    memset(&lx, 0, sizeof lx);
    memset(&m, 0, sizeof m);
    m.st = M_BOOT;
    send_cmd(&m, "AT");

    unsigned lines = 0, others = 0;
    for (const char *p = transcript; *p; p++) {
        int arg = 0;
        enum resp r = lexer_feed(&lx, *p, &arg);
        if (r == R_NONE)
            continue;
        lines++;
        if (r == R_OTHER)
            others++;
        printf("  <- %d(%d) in %s\n", (int)r, arg, state_names[m.st]);
        modem_event(&m, r, arg);
    }
    printf("final=%s lines=%u other=%u overflow=%u rssi=%d reg=%d retries=%u rings=%u transitions=%u\n",
           state_names[m.st], lines, others, lx.overflow, m.rssi, m.reg, m.retries, m.rings,
           m.transitions);
    return 0;
}
