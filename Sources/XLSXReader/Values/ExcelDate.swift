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

    /// The serial of a calendar date-time (inverse of `init(serial:)` for
    /// serials ≥ 61 in the 1900 system).
    public static func serial(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, is1904: Bool = false) -> Double {
        let days = daysFromCivil(year, month, day)
        let base = is1904 ? -24_107 : -25_569
        var serial = Double(days - base)
        if !is1904 && serial < 61 { serial += 1 }
        return serial + Double(hour * 3600 + minute * 60 + second) / 86_400
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
