/// What `xl/workbook.xml` says: the sheets in order (name, state, relation
/// id) and the date system.
struct WorkbookPart {
    struct SheetEntry {
        let name: String
        let state: SheetState
        let relationshipID: String
    }

    var sheets: [SheetEntry] = []
    var uses1904 = false

    init(tokenizer t: XMLTokenizer) throws(XLSXError) {
        while true {
            switch try t.next() {
            case .eof: return
            case .start where t.nameIs("workbookPr"):
                let a = try t.attributes()
                if let v = a["date1904"] { uses1904 = (v == "1" || v.lowercased() == "true") }
            case .start where t.nameIs("sheet"):
                // The relation id is `r:id` (any prefix): the one `id` attribute with a prefix.
                var rid: String?
                var name: String?
                var state = SheetState.visible
                try t.forEachAttribute { (key, value) throws(XLSXError) in
                    let k = String(decoding: key, as: UTF8.self)
                    switch k {
                    case "id": rid = try XMLText.decode(value, cdata: false, tokenizer: t)
                    case "name": name = try XMLText.decode(value, cdata: false, tokenizer: t)
                    case "state": state = SheetState(rawValue: String(decoding: value, as: UTF8.self)) ?? .visible
                    default: break
                    }
                }
                guard let name, let rid else { throw t.malformed("foglio senza nome o senza relazione") }
                sheets.append(SheetEntry(name: name, state: state, relationshipID: rid))
            default: continue
            }
        }
    }
}
