import Foundation

/// Turns decompressed bytes into records, with line or record positions in every error.
enum RecordDecoding {
    /// Decodes JSON Lines: one record per non-blank line.
    static func decodeLines(_ bytes: [UInt8], file: String, into collector: inout RecordCollector) throws(CorpusError) {
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        var sawRecord = false
        while start < count {
            lineNumber += 1
            let end = nextNewline(in: bytes, from: start)
            defer { start = end + 1 }
            let line = bytes[start..<end]
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            sawRecord = true
            let location = SourceLocation(file: file, line: lineNumber)
            let parsed: Result<RawRecord, CorpusError> = line.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                let members: [(key: String, value: ScannedValue)]
                do throws(JSONSyntaxError) {
                    members = try scanner.readObject()
                    scanner.skipWhitespace()
                    if scanner.position < scanner.end {
                        throw scanner.error("unexpected content after the record")
                    }
                } catch {
                    if error.invalidUTF8, let offset = firstInvalidUTF8(line) {
                        return .failure(
                            CorpusError(.invalidUTF8, at: location, "byte \(offset + 1) of the line is not valid UTF-8")
                        )
                    }
                    return .failure(
                        CorpusError(.malformedJSON, at: location, "column \(error.offset + 1): \(error.message)"))
                }
                do throws(RecordProblem) {
                    return .success(try RawRecord(members: members))
                } catch {
                    return .failure(error.error(at: location))
                }
            }
            switch parsed {
            case .success(let record): try collector.add(record, at: location)
            case .failure(let error): try collector.problem(error)
            }
        }
        if !sawRecord {
            throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the file holds no records")
        }
    }

    /// Index of the next line feed at or after `start`, or `bytes.count`.
    private static func nextNewline(in bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress, start < buffer.count else { return buffer.count }
            guard let found = memchr(base + start, 0x0A, buffer.count - start) else { return buffer.count }
            return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
        }
    }

    /// Decodes a JSON array of records (AlpacaEval's `model_outputs.json`).
    ///
    /// A syntax error ends reading even in lenient mode, since the array's structure is lost; records
    /// with missing or mistyped fields are skipped in lenient mode.
    static func decodeArray(_ bytes: [UInt8], file: String, into collector: inout RecordCollector) throws(CorpusError) {
        if let offset = firstInvalidUTF8(bytes[...]) {
            throw CorpusError(
                .invalidUTF8, at: SourceLocation(file: file, line: lineNumber(of: offset, in: bytes)),
                "byte \(offset + 1) of the file is not valid UTF-8")
        }
        var records: [(Int, Result<RawRecord, RecordProblem>)] = []
        let failure: JSONSyntaxError? = bytes.withUnsafeBufferPointer { buffer -> JSONSyntaxError? in
            var scanner = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                try scanner.readDocumentArray { scanner throws(JSONSyntaxError) in
                    let members = try scanner.readObject()
                    records.append(
                        (records.count, Result { () throws(RecordProblem) in try RawRecord(members: members) }))
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            let line = lineNumber(of: failure.offset, in: bytes)
            throw CorpusError(
                .malformedJSON, at: SourceLocation(file: file, line: line, record: records.count),
                "record \(records.count): \(failure.message)")
        }
        if records.isEmpty {
            throw CorpusError(.emptyFile, at: SourceLocation(file: file), "the JSON array holds no records")
        }
        for (index, result) in records {
            let location = SourceLocation(file: file, record: index)
            switch result {
            case .success(let record): try collector.add(record, at: location)
            case .failure(let problem): try collector.problem(problem.error(at: location))
            }
        }
    }

    /// 1-based line number of the byte at `offset`.
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Offset of the first byte that breaks UTF-8 validity, or nil when `bytes` are valid.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
