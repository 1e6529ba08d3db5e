import EnforcementCore

extension Output {
    static func measures(_ measures: [Measure]) {
        table(["id", "case", "measure", "debtor", "ground", "start", "end", "status", "removal due"], measures.map { m in
            var detail = ""
            if let fine = m.fine { detail = " \(fine) 元" }
            if let days = m.detentionDays { detail = " \(days) 日" }
            return [m.id, m.caseNumber.description, m.kind.nameZh + detail, m.debtorName, m.ground.map { String($0.rawValue) } ?? "",
                    m.startOn.description, m.endOn?.description ?? "—", m.status.rawValue,
                    m.removal.map { "\($0.dueOn) (\($0.event.rawValue))" + ($0.overdueFlaggedOn == nil ? "" : " OVERDUE") } ?? ""]
        })
    }

    static func publicView(_ view: PublicCaseView) {
        print("\(view.caseNumber)  \(view.court)  \(view.status.rawValue)  立案 \(view.filedOn)  标的 \(view.amountSought) 元")
        print("执行依据 \(view.titleDocument)  承办法官 \(view.handlingJudge ?? "—")")
        for party in view.applicants + view.debtors {
            print("  \(party.role == "applicant" ? "申请执行人" : "被执行人") \(party.name) \(party.idNumber)\(party.phone.map { " \($0)" } ?? "")\(party.isCaller ? "  (您)" : "")")
        }
        print("节点:")
        for node in view.nodes { print("  \(node.occurredOn) \(node.nameZh)\(node.document.map { " \($0)" } ?? "")") }
        if !view.measures.isEmpty {
            print("执行措施:")
            for m in view.measures { print("  \(m.startOn) \(m.nameZh) \(m.debtorName) \(m.status.rawValue)\(m.liftedOn.map { " 解除 \($0)" } ?? "")") }
        }
        if !view.control.isEmpty { print("查控: " + view.control.map { "\($0.key) \($0.count)" }.joined(separator: ", ")) }
        for movement in view.funds { print("  \(movement.on) \(movement.kind == "receipt" ? "案款到账" : "案款发放") \(movement.amount) 元") }
        if let closing = view.closing { print("结案: \(closing.mode.rawValue) \(closing.on) \(closing.documentNumber)") }
    }
}
