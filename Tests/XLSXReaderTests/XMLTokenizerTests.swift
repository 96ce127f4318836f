import Testing
@testable import XLSXReader

/// The tokenizer over chunked input: every chunk size must give the same
/// result, so token boundaries falling across reads are exercised.
@Suite("XML tokenizer")
struct XMLTokenizerTests {
    /// A compact trace of the tokens: `<name`, `/name`, `"text"`.
    func trace(_ xml: String, chunk: Int = 1 << 16, limits: ReaderLimits = .default) throws(XLSXError) -> [String] {
        let t = XMLTokenizer(source: MemoryByteSource(Array(xml.utf8), chunk: chunk), file: "t.xml", part: "p", limits: limits)
        var out: [String] = []
        while true {
            switch try t.next() {
            case .start: out.append("<" + t.name + (t.selfClosing ? "/" : ""))
            case .end: out.append("/" + t.name)
            case .text: out.append("\"" + (try t.decodedText()) + "\"")
            case .eof: return out
            }
        }
    }

    static let document = """
    \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <!-- a comment --><x:root xmlns:x="urn:x" a='1>2' b="&lt;&amp;&#233;&#x20AC;"><x:c r="A1"><v>12.5</v></x:c><t xml:space="preserve"> a &amp; b </t><t><![CDATA[<raw> & ]]></t><empty/></x:root>
    """

    @Test("same tokens whatever the chunk size", arguments: [1, 2, 3, 5, 7, 13, 64, 1 << 16])
    func chunking(_ chunk: Int) throws {
        let expected = ["<root", "<c", "<v", "\"12.5\"", "/v", "/c", "<t", "\" a & b \"", "/t", "<t", "\"<raw> & \"", "/t", "<empty/", "/root"]
        #expect(try trace(Self.document, chunk: chunk) == expected)
    }

    @Test("attributes are decoded; `>` inside quotes does not end the tag")
    func attributes() throws {
        let t = XMLTokenizer(source: MemoryByteSource(Array(#"<r a='1>2' b="&lt;&amp;&#233;&#x20AC;" x:id="rId7"/>"#.utf8)), file: "t", part: "p", limits: .default)
        #expect(try t.next() == .start)
        let a = try t.attributes()
        #expect(a["a"] == "1>2")
        #expect(a["b"] == "<&é€")
        #expect(a["id"] == "rId7")
    }

    @Test("attributes without quotes are refused when read", arguments: ["<a b=1/>", "<a b/>", "<a =\"1\"/>", "<a b=\"1/>"])
    func badAttributes(_ xml: String) {
        let t = XMLTokenizer(source: MemoryByteSource(Array(xml.utf8)), file: "t", part: "p", limits: .default)
        #expect(throws: XLSXError.self) {
            _ = try t.next()
            _ = try t.attributes()
        }
    }

    @Test("CR LF in text becomes LF")
    func lineEnds() throws {
        #expect(try trace("<a>x\r\ny\rz</a>") == ["<a", "\"x\ny\nz\"", "/a"])
    }

    static let refused: [(String, String)] = [
        ("<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>", "dtd"),
        ("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>", "dtd"),
        ("<x><!ENTITY e \"v\"></x>", "dtd"),
        ("<x>&e;</x>", "malformed"),
        ("<x>&#0;</x>", "malformed"),
        ("<a><b></a></b>", "malformed"),
        ("<a><b>", "malformed"),
        ("<a b=\"1></a>", "malformed"),
        ("</a>", "malformed"),
        ("<a></a><b></b>", "malformed"),
        ("text<a/>", "malformed"),
        ("<a><!-- unclosed </a>", "malformed"),
        ("<a><![CDATA[ x </a>", "malformed"),
        ("<>", "malformed"),
        ("<a:></a:>", "malformed"),
    ]

    @Test("hostile or broken XML is refused with the right reason", arguments: refused)
    func refusal(_ xml: String, _ kind: String) {
        do {
            _ = try trace(xml, chunk: 3)
            Issue.record("accepted: \(xml)")
        } catch {
            switch error.reason {
            case .dtdForbidden: #expect(kind == "dtd", "\(xml)")
            case .malformedXML: #expect(kind == "malformed", "\(xml): \(error)")
            default: Issue.record("unexpected \(error) for \(xml)")
            }
            #expect(error.file == "t.xml" && error.part == "p")
        }
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() {
        var limits = ReaderLimits.default
        limits.maxXMLDepth = 10
        let xml = String(repeating: "<a>", count: 11) + String(repeating: "</a>", count: 11)
        #expect(throws: XLSXError.self) { try trace(xml, limits: limits) }
        #expect((try? trace(String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10), limits: limits)) != nil)
    }

    @Test("a text longer than the string limit is refused, not buffered")
    func tokenLimit() {
        var limits = ReaderLimits.default
        limits.maxStringBytes = 100_000
        let xml = "<a>" + String(repeating: "x", count: 1_000_000) + "</a>"
        do {
            _ = try trace(xml, limits: limits)
            Issue.record("accepted")
        } catch {
            #expect(error.reason == .limitExceeded(.stringBytes, 100_000))
        }
    }
}
