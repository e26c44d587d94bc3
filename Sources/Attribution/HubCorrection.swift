/// The centre and scale against which each signal value of each candidate becomes a robust z value, so that a
/// candidate that resembles every model gains nothing.
struct HubCorrection: Sendable {
    /// Median of the null models' values, `[signal][candidate]`.
    let centre: [[Double]]
    /// Robust spread, `[signal][candidate]`, with the floors the initialiser describes.
    let scale: [[Double]]

    /// Corrects `raw[signal][row][candidate]` (NaN where missing) against the rows `nullRows`; `poolRows` are every
    /// row but the suspect's. Signals from `firstPairedSignal` on are means of per-prompt z values over `prompts`
    /// prompts.
    ///
    /// Each scale is 1.4826 · the MAD of the null's values, and at least:
    /// - the spread of the candidate's value over every pool row, once the values far above the rest (its own
    ///   versions and students) are set aside: null models that are one model in several sizes agree more closely
    ///   than unrelated models do in general;
    /// - half the signal's median scale over candidates, so that one candidate's closely agreeing null cannot turn
    ///   small differences into huge z values;
    /// - 0.01, and for a paired signal 1/√prompts, the sampling error of a mean of that many per-prompt z values.
    init(raw: [[[Double]]], nullRows: [Int], poolRows: [Int], firstPairedSignal: Int, prompts: Int) {
        let signals = raw.count
        let k = raw.first?.first?.count ?? 0
        var centre = [[Double]](repeating: [Double](repeating: 0, count: k), count: signals)
        var scale = [[Double]](repeating: [Double](repeating: 1, count: k), count: signals)
        func values(_ rows: [Int], _ signal: Int, _ j: Int) -> [Double] {
            rows.compactMap { r -> Double? in
                let value = raw[signal][r][j]
                return value.isNaN ? nil : value
            }
        }
        for signal in 0..<signals {
            for j in 0..<k {
                let (median, mad) = Attributor.medianAndMAD(values(nullRows, signal, j))
                centre[signal][j] = median
                scale[signal][j] = mad * 1.4826
            }
            let pooled = Attributor.medianAndMAD(scale[signal]).median
            let sampling = signal >= firstPairedSignal ? 1 / Double(max(prompts, 1)).squareRoot() : 0.01
            for j in 0..<k {
                let spread = Self.spreadWithoutHighOutliers(values(poolRows, signal, j))
                scale[signal][j] = max(scale[signal][j], spread, 0.5 * pooled, sampling)
            }
        }
        self.centre = centre
        self.scale = scale
    }

    /// The robust standard deviation (1.4826 · MAD) of `values` without those more than three robust standard
    /// deviations above their median; 0 for no values.
    static func spreadWithoutHighOutliers(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let (median, mad) = Attributor.medianAndMAD(values)
        let limit = 3 * max(mad * 1.4826, 1e-9)
        return Attributor.medianAndMAD(values.filter { $0 - median <= limit }).mad * 1.4826
    }

}
