/// Excel serial dates, in both date systems, converted without calendars or
/// time zones (a serial is a local wall-clock time; it has no zone).
public struct ExcelDateTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when there is a time part.
    public var iso: String {
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        return hasTime ? "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))" : date
    }

    /// `dd/mm/yyyy` (with ` hh:mm` when there is a time part), as Italians write it.
    public var italian: String {
        let date = "\(pad(day, 2))/\(pad(month, 2))/\(pad(year, 4))"
        return hasTime ? "\(date) \(pad(hour, 2)):\(pad(minute, 2))" + (second != 0 ? ":\(pad(second, 2))" : "") : date
    }

    private func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Converts a serial. In the 1900 system serial 1 is 1900-01-01 and
    /// Excel's phantom 1900-02-29 (serial 60) is kept as the 28th; from 61
    /// on the base is 1899-12-30. In the 1904 system serial 0 is 1904-01-01.
    /// The time is rounded to the nearest second. Nil for serials out of
    /// Excel's range (negative, or past 9999-12-31).
    public init?(serial: Double, is1904: Bool) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var totalSeconds = Int((serial * 86_400).rounded())
        var days = totalSeconds / 86_400
        totalSeconds -= days * 86_400
        let epochDays: Int // days from 1970-01-01 to the system's day 0
        if is1904 {
            epochDays = -24_107 // 1904-01-01
        } else if days >= 61 {
            epochDays = -25_569 // 1899-12-30
        } else {
            // Serials 1...60 count from 1899-12-31; 60 (the phantom 29 Feb) shows as 28 Feb.
            if days == 60 { days = 59 }
            epochDays = -25_568
        }
        let (y, m, d) = Self.civil(fromDays: epochDays + days)
        year = y; month = m; day = d
        hour = totalSeconds / 3600
        minute = (totalSeconds % 3600) / 60
        second = totalSeconds % 60
    }

    /// The serial of a calendar date-time (inverse of `init(serial:)`). In
    /// the 1900 system dates before 1900-03-01 count from 1899-12-31, as
    /// Excel's phantom 1900-02-29 comes after them: 1900-01-01 is 1.
    public static func serial(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, is1904: Bool = false) -> Double {
        serial(days: dayNumber(year: year, month: month, day: day, is1904: is1904), secondOfDay: Double(hour * 3600 + minute * 60 + second))
    }

    /// The whole-day part of a serial (see `serial(year:…)`).
    static func dayNumber(year: Int, month: Int, day: Int, is1904: Bool) -> Int {
        let days = daysFromCivil(year, month, day)
        if is1904 { return days + 24_107 }
        let serial = days + 25_569
        return serial < 61 ? serial - 1 : serial
    }

    static func serial(days: Int, secondOfDay: Double) -> Double {
        Double(days) + secondOfDay / 86_400
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The serial of an ISO 8601 value of a `t="d"` cell (ECMA-376 Part 1
    /// §18.17.4, xsd:dateTime and its date/time forms), in the extended format:
    ///
    /// - a date, `2024-06-30`;
    /// - a date and time, `2024-06-30T10:10:10` (also with a space for `T`);
    /// - a time of day alone, `10:10:10` or `T10:10:10`: a serial below 1,
    ///   i.e. that time on the system's day 0, as Excel itself stores a time;
    ///
    /// where a time is `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` (`,` too), hours
    /// 00–23. A zone (`Z`, `+02:00`, `-0500`, `+02`) may follow and is ignored:
    /// the serial is the wall-clock time as written, like every serial.
    /// Nil for anything else, an impossible date (`2023-02-29`) or a date
    /// outside Excel's calendar (before 1900-01-01, or 1904-01-01 in the
    /// 1904 system; after 9999-12-31).
    public static func isoSerial(_ text: String, is1904: Bool) -> Double? {
        var text = text
        return text.withUTF8 { isoSerial(bytes: $0, is1904: is1904) }
    }

    static func isoSerial(bytes raw: UnsafeBufferPointer<UInt8>, is1904: Bool) -> Double? {
        var i = 0
        var n = raw.count
        while i < n, XMLTokenizer.isSpace(raw[i]) { i += 1 }
        while n > i, XMLTokenizer.isSpace(raw[n - 1]) { n -= 1 }
        let p = UnsafeBufferPointer(rebasing: raw[i..<n])
        var at = 0

        /// Exactly `count` ASCII digits at `at`.
        func digits(_ count: Int) -> Int? {
            guard at + count <= p.count else { return nil }
            var v = 0
            for k in at..<(at + count) {
                let d = p[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            at += count
            return v
        }
        func take(_ b: UInt8) -> Bool {
            guard at < p.count, p[at] == b else { return false }
            at += 1
            return true
        }
        /// `hh:mm[:ss[.f…]]` → seconds of the day.
        func time() -> Double? {
            guard let h = digits(2), h < 24, take(0x3A), let m = digits(2), m < 60 else { return nil }
            var seconds = Double(h * 3600 + m * 60)
            if take(0x3A) {
                guard let s = digits(2), s < 60 else { return nil }
                seconds += Double(s)
                if take(0x2E) || take(0x2C) {
                    var scale = 0.1
                    var any = false
                    while at < p.count, p[at] &- 0x30 < 10 {
                        seconds += Double(p[at] &- 0x30) * scale
                        scale /= 10
                        any = true
                        at += 1
                    }
                    guard any else { return nil }
                }
            }
            return zone() ? seconds : nil
        }
        /// An optional zone (`Z`, `±hh`, `±hh:mm`, `±hhmm`), accepted and ignored.
        func zone() -> Bool {
            if take(0x5A) { return true } // Z
            guard at < p.count, p[at] == 0x2B || p[at] == 0x2D else { return true } // + -
            at += 1
            guard let zh = digits(2), zh <= 14 else { return false }
            if at == p.count { return true }
            _ = take(0x3A)
            guard let zm = digits(2), zm < 60 else { return false }
            return true
        }

        guard !p.isEmpty else { return nil }
        // A time alone: `hh:` (third byte a colon) or a leading `T`.
        if (p.count >= 3 && p[2] == 0x3A) || p[0] == 0x54 {
            _ = take(0x54)
            guard let seconds = time(), at == p.count else { return nil }
            return serial(days: 0, secondOfDay: seconds)
        }
        guard let y = digits(4), take(0x2D), let mo = digits(2), take(0x2D), let d = digits(2),
              (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y) else { return nil }
        guard y >= (is1904 ? 1904 : 1900), y <= 9999 else { return nil }
        var seconds = 0.0
        if take(0x54) || take(0x20) {
            guard let s = time() else { return nil }
            seconds = s
        } else if !zone() {
            return nil
        }
        guard at == p.count else { return nil }
        return serial(days: dayNumber(year: y, month: mo, day: d, is1904: is1904), secondOfDay: seconds)
    }

    /// Howard Hinnant's days→civil algorithm (proleptic Gregorian).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension CellValue {
    /// The calendar date-time of a `.dateTime` value.
    public var dateTime: ExcelDateTime? {
        if case .dateTime(let serial, let is1904) = self { return ExcelDateTime(serial: serial, is1904: is1904) }
        return nil
    }
}
