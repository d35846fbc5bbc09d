import Bacs
import Control
import Entitlements
import Foundation

/// What the demo shows at the end: payments and pounds by benefit and payment date, the
/// exclusions by reason, and the files written.
public struct DemoSummary: Sendable {
    public let commandID: String
    public let window: PaymentWindow
    public let audit: [AuditRecord]
    public let manifest: RunManifest
    public let runFolder: URL
    public let elapsed: Duration

    public var text: String {
        let figures = manifest.figures
        var lines: [String] = []
        lines.append("")
        lines.append("Run \(commandID): payment dates \(window.from) to \(window.to)")
        lines.append("Audit: " + audit.map(\.decision.rawValue).joined(separator: " then "))
        lines.append("")
        lines.append("Paid \(figures.paid.count) payments, \(figures.paid.pence) (due \(figures.due.count), \(figures.due.pence))")
        lines.append("")
        lines.append("By benefit:")
        for tally in manifest.paidByBenefit.sorted(by: { $0.benefit < $1.benefit }) {
            lines.append("  \(pad(tally.benefit.code, 4)) \(pad(String(tally.count), 8, right: true))  \(pad(tally.totalPence.description, 16, right: true))")
        }
        lines.append("By payment date:")
        var byDate: [CalendarDate: (count: Int, pence: Pence)] = [:]
        for file in manifest.files {
            let sum = byDate[file.paymentDate] ?? (0, .zero)
            byDate[file.paymentDate] = (sum.count + file.count, sum.pence + file.totalPence)
        }
        for (date, sum) in byDate.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(date) \(pad(date.weekday.description, 9))  \(pad(String(sum.count), 8, right: true))  \(pad(sum.pence.description, 16, right: true))")
        }
        if manifest.latePayments.isEmpty {
            lines.append("Paid late: none (every payment date was still reachable)")
        } else {
            lines.append("Paid late, on the run's earliest payment date (they could no longer arrive on time):")
            for late in manifest.latePayments {
                lines.append("  scheduled \(late.scheduledPaymentDate), paid \(late.paymentDate), \(late.workingDaysLate) working days late  \(pad(String(late.count), 8, right: true))  \(pad(late.totalPence.description, 16, right: true))")
            }
        }
        lines.append("Excluded, by reason:")
        for reason in ExclusionReason.allCases {
            guard let tally = figures.excluded[reason], tally.count > 0 else { continue }
            lines.append("  \(pad(reason.rawValue, 22)) \(pad(String(tally.count), 8, right: true))  \(pad(tally.pence.description, 16, right: true))")
        }
        lines.append("")
        lines.append("\(manifest.files.count) Standard 18 files, manifest and report in \(runFolder.path)")
        lines.append("  report:   \(runFolder.appendingPathComponent("report.md").path)")
        lines.append("  check:    backstop verify --manifest \(runFolder.appendingPathComponent("manifest.json").path) \(runFolder.path)/*.std18")
        lines.append("Finished in \(Int(elapsed.components.seconds)) s.")
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
