/* Calendar arithmetic written as one large function: epoch seconds to civil date/time and back. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    static const int64_t stamps[] = {
        0, 951782400, 1000000000, 1234567890, 1709251199, 1709251200, 2147483647, 4102444800,
        -86400, 253402300799,
    };
    static const char *const wdays[7] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
    int64_t checksum = 0;

    for (unsigned k = 0; k < sizeof stamps / sizeof stamps[0]; k++) {
        int64_t t = stamps[k];

        /* split into days and seconds-of-day, flooring toward negative infinity */
        int64_t days = t / 86400;
        int64_t sod = t % 86400;
        if (sod < 0) {
            sod += 86400;
            days -= 1;
        }
        int hour = (int)(sod / 3600);
        int minute = (int)(sod % 3600 / 60);
        int second = (int)(sod % 60);

        /* weekday: 1970-01-01 was a Thursday */
        int64_t wd = days % 7;
        if (wd < 0)
            wd += 7;

        /* civil-from-days using 400-year eras starting on March 1st */
        int64_t z = days + 719468;
        int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t year = yoe + era * 400;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int64_t mp = (5 * doy + 2) / 153;
        int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        if (month <= 2)
            year += 1;

        /* ISO-ish day of year and leap flag */
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        static const int cum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
        int yday = cum[month - 1] + day + (leap && month > 2 ? 1 : 0);

        /* and back again: days-from-civil */
        int64_t y2 = month <= 2 ? year - 1 : year;
        int64_t era2 = (y2 >= 0 ? y2 : y2 - 399) / 400;
        int64_t yoe2 = y2 - era2 * 400;
        int64_t mm = month > 2 ? month - 3 : month + 9;
        int64_t doy2 = (153 * mm + 2) / 5 + day - 1;
        int64_t doe2 = yoe2 * 365 + yoe2 / 4 - yoe2 / 100 + doy2;
        int64_t days2 = era2 * 146097 + doe2 - 719468;
        int64_t back = days2 * 86400 + hour * 3600 + minute * 60 + second;

        /* 12-hour clock and a coarse "part of day" classification */
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        const char *ampm = hour < 12 ? "AM" : "PM";
        const char *part;
        if (hour < 6)
            part = "night";
        else if (hour < 12)
            part = "morning";
        else if (hour < 18)
            part = "afternoon";
        else
            part = "evening";

        /* ISO week number (simplified: weeks start Monday, week 1 contains Jan 4th) */
        int iso_wd = (int)((wd + 3) % 7) + 1; /* Mon=1..Sun=7 */
        int week = (yday - iso_wd + 10) / 7;

        printf("%13lld  %s %04lld-%02d-%02d %02d:%02d:%02d (%2d:%02d %s, %s) yday=%3d week=%2d leap=%d %s\n",
               (long long)t, wdays[wd], (long long)year, month, day, hour, minute, second, h12, minute,
               ampm, part, yday, week, leap, back == t ? "roundtrip" : "MISMATCH");
        checksum = checksum * 31 + year * 10000 + month * 100 + day;
        checksum %= 1000000007;
    }
    printf("checksum=%lld\n", (long long)checksum);
    return 0;
}
