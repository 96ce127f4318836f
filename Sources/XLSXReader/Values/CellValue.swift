/// One cell's value, as the workbook stores it. Dates are not guessed: a
/// number is a `.dateTime` only when its style's number format is a date
/// or time format. Errors (`#DIV/0!`) are values, not thrown errors.
public enum CellValue: Sendable, Equatable {
    case number(Double)
    case string(String)
    case boolean(Bool)
    /// An Excel serial date-time, with the workbook's date system.
    case dateTime(serial: Double, is1904: Bool)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)
    /// A formula without a cached value (never calculated): its text, without `=`.
    case formula(String)
}

/// The visibility of a sheet as the workbook declares it.
public enum SheetState: String, Sendable, Equatable {
    case visible, hidden, veryHidden
}

/// A non-empty cell, with its position (1-based) and, when the value came
/// from a formula, the formula text.
public struct Cell: Sendable, Equatable {
    public let row: Int
    public let column: Int
    public let value: CellValue
    /// The formula that produced the value, when there is one (without `=`).
    public let formula: String?
    /// True when a number is shown with a percentage format (0,7 shows as 70 %).
    public let isPercentFormat: Bool

    public init(row: Int, column: Int, value: CellValue, formula: String? = nil, isPercentFormat: Bool = false) {
        self.row = row
        self.column = column
        self.value = value
        self.formula = formula
        self.isPercentFormat = isPercentFormat
    }

    /// The A1 reference, e.g. `B3`.
    public var reference: String { CellReference.a1(row: row, column: column) }
}

/// A row of a worksheet: its 1-based index and its non-empty cells, in column order.
public struct Row: Sendable, Equatable {
    public let index: Int
    public let cells: [Cell]
}
