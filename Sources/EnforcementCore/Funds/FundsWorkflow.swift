public import Foundation

/// Case funds (执行案款, 一案一人一账号): escrow accounts, receipts, matching, payouts through the
/// approval chain, and the custodian bank's execution. Every movement is a ledger transfer written
/// in the same transaction as its receipt or payout, its node event and its outbox messages.
public struct FundsWorkflow: Sendable {
    public let domain: Domain
    /// The custodian bank that keeps the escrow accounts (its certificate names `custodian-bank:<id>`).
    public let custodian: String
    public let policy: FundsPolicy

    public init(domain: Domain, custodian: String = "BOC-SH", policy: FundsPolicy = FundsPolicy()) {
        self.domain = domain
        self.custodian = custodian
        self.policy = policy
    }

    var store: any EnforcementStore { domain.store }
    var institutions: InstitutionRegistry { domain.institutions }

    // MARK: Accounts

    /// Opens the case's escrow accounts at filing: one per debtor (called inside the filing's transaction).
    static func openEscrowAccounts(for record: EnforcementCase, tx: any StoreTransaction, at: Date) throws -> [LedgerAccount] {
        try ensureStandardAccounts(tx, at: at)
        return try record.debtors.map { try openEscrowAccount(record.number, holder: $0.name, tx: tx, at: at) }
    }

    static func openEscrowAccount(_ number: CaseNumber, holder: String, tx: any StoreTransaction, at: Date) throws -> LedgerAccount {
        let accountNumber = EscrowAccountNumber(sequence: try tx.ledger.nextEscrowSequence())
        let account = LedgerAccount(id: LedgerAccount.escrowID(accountNumber), kind: .escrow, caseNumber: number,
                                    number: accountNumber, holder: holder, openedAt: at)
        try tx.ledger.insert(account)
        return account
    }

    /// The suspense, fee income and bank mirror accounts exist once for the whole ledger.
    static func ensureStandardAccounts(_ tx: any StoreTransaction, at: Date) throws {
        for (id, kind) in [(LedgerAccount.suspenseID, AccountKind.suspense), (LedgerAccount.feeIncomeID, .feeIncome), (LedgerAccount.bankID, .bank)]
        where try tx.ledger.account(id) == nil {
            try tx.ledger.insert(LedgerAccount(id: id, kind: kind, openedAt: at))
        }
    }

    /// Opens one more escrow account of a case, for another payer (e.g. a guarantor).
    public func openAccount(_ command: OpenEscrowAccount, by caller: Caller, requestID: String) async throws -> LedgerAccount {
        let number = try CaseNumber(parsing: command.caseNumber)
        let payer = try CaseWorkflow.requiredText(command.payerName, field: "payer_name", rule: "name the payer the account is for")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        return try await store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            try record.requireOpen()
            try Self.ensureStandardAccounts(tx, at: context.at)
            return (try Self.openEscrowAccount(number, holder: payer, tx: tx, at: context.at), number.description)
        }
    }

    /// Records a listed reason why an escrow account's money stays longer than 30 days, or clears it.
    public func hold(_ command: HoldPayouts, by caller: Caller, requestID: String) async throws -> LedgerAccount {
        let accountNumber = try EscrowAccountNumber(parsing: command.escrowAccount, field: "escrow_account")
        let note = try CaseWorkflow.optionalText(command.note, field: "note", limit: 500)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        return try await store.write(context) { tx in
            var account = try Self.escrow(accountNumber, tx.ledger)
            try domain.requireChangeRight(caller, account.caseNumber!, asked: "escrow account \(command.escrowAccount)", field: "escrow_account")
            account.hold = command.reason.map { PayoutHold(reason: $0, note: note, recordedBy: caller.description, at: context.at) }
            try tx.ledger.update(account)
            return (account, account.caseNumber!.description)
        }
    }

    // MARK: Receipts

    /// The custodian bank reports money received. A valid account number credits that case's
    /// escrow account; anything else goes to suspense. The bank's transaction id makes a repeated
    /// report harmless; a repeat that differs is refused.
    public func reportReceipt(_ command: ReportReceipt, by caller: Caller, requestID: String) async throws -> Receipt {
        try requireCustodian(caller)
        let transactionID = try Self.identifier(command.bankTransactionID, field: "bank_transaction_id")
        let payer = try CaseWorkflow.requiredText(command.payerName, field: "payer_name", rule: "the payer's name is required")
        let payerAccount = try CaseWorkflow.requiredText(command.payerAccount, field: "payer_account", rule: "the payer's account is required", limit: 64)
        let amount = try Money.positive(fen: command.amountFen, field: "amount_fen")
        let written = command.accountWritten.trimmingWhitespace
        guard written.count <= 64 else { throw EnforcementError.invalid("account_written", "at most 64 characters") }
        let reference = try CaseWorkflow.optionalText(command.reference, field: "reference", limit: 200)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let receivedAt = try Self.instant(command.receivedAt, field: "received_at", notAfter: context.at)
        let draft = Receipt(
            bankTransactionID: transactionID, custodian: custodian, payerName: payer, payerAccount: payerAccount,
            amount: amount, accountWritten: written, reference: reference, receivedAt: receivedAt, reportedAt: context.at,
            status: .suspense, transferID: "")
        // A repeated report is answered from the ledger without writing anything.
        if let known = try await store.read({ try $0.ledger.receipt(transactionID) }) {
            return try Self.repeated(known, draft)
        }
        let nodes = domain.nodes
        return try await store.write(context) { tx in
            if let known = try tx.ledger.receipt(transactionID) { return (try Self.repeated(known, draft), known.caseNumber?.description ?? "suspense") }
            try Self.ensureStandardAccounts(tx, at: context.at)
            var receipt = draft
            var target = LedgerAccount.suspenseID
            if let number = EscrowAccountNumber(written: written), let account = try tx.ledger.account(LedgerAccount.escrowID(number)) {
                target = account.id
                receipt.status = .credited
                receipt.caseNumber = account.caseNumber
                receipt.escrowAccount = number
            }
            var batch = LedgerBatch(tx)
            try batch.add(Transfer(debit: LedgerAccount.bankID, credit: target, amount: amount, kind: .receipt,
                                   caseNumber: receipt.caseNumber, reference: transactionID, note: payer, at: context.at))
            receipt.transferID = try batch.commit()[0].id
            receipt.deductionRequestID = try Self.linkDeduction(receipt, tx.controls)
            receipt = try tx.ledger.insert(receipt)
            if let number = receipt.caseNumber {
                try Self.announceReceipt(receipt, case: number, tx: tx, nodes: nodes, by: caller, at: context.at)
                try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: context.at).run(number)
            }
            return (receipt, receipt.caseNumber?.description ?? "suspense")
        }
    }

    /// A suspense receipt is matched to a case's escrow account, with the reason why it belongs there.
    /// Suspense items belong to the command centre and to the court the payment's reference names: a
    /// court matches an item whose reference names one of its own cases into its own case; an item
    /// whose reference names another court's case, or none, is matched by the command centre.
    public func match(_ command: MatchReceipt, by caller: Caller, requestID: String) async throws -> Receipt {
        let transactionID = try Self.identifier(command.bankTransactionID, field: "bank_transaction_id")
        let accountNumber = try EscrowAccountNumber(parsing: command.escrowAccount, field: "escrow_account")
        let note = try CaseWorkflow.requiredText(command.note, field: "note", rule: "a match states why the money belongs to this case", limit: 500)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let nodes = domain.nodes
        return try await store.write(context) { tx in
            guard var receipt = try tx.ledger.receipt(transactionID), self.mayHandleSuspense(caller, receipt) else {
                throw EnforcementError(.notFound, field: "bank_transaction_id", "no receipt with bank transaction id \(transactionID)")
            }
            let account = try Self.escrow(accountNumber, tx.ledger)
            let number = account.caseNumber!
            if !caller.isCityWide {
                try domain.requireChangeRight(caller, number, asked: "escrow account \(accountNumber)", field: "escrow_account")
            }
            guard receipt.status == .suspense else {
                throw EnforcementError.precondition("receipt \(transactionID) is \(receipt.status.rawValue), not in suspense; only a suspense item is matched", field: "bank_transaction_id")
            }
            var batch = LedgerBatch(tx)
            try batch.add(Transfer(debit: LedgerAccount.suspenseID, credit: account.id, amount: receipt.amount, kind: .match,
                                   caseNumber: number, reference: transactionID, note: note, at: context.at))
            receipt.matchTransferID = try batch.commit()[0].id
            receipt.status = .matched
            receipt.caseNumber = number
            receipt.escrowAccount = accountNumber
            receipt.matchedBy = caller.description
            receipt.matchedAt = context.at
            receipt.deductionRequestID = try Self.linkDeduction(receipt, tx.controls)
            try tx.ledger.update(receipt)
            try Self.announceReceipt(receipt, case: number, tx: tx, nodes: nodes, by: caller, at: context.at)
            try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: context.at).run(number)
            return (receipt, number.description)
        }
    }

    /// Corrects a receipt credited to a case or a match by the reversing transfer; a reversed match
    /// returns the money to suspense, a reversed receipt takes it out of the bank mirror.
    public func reverse(_ command: ReverseTransfer, by caller: Caller, requestID: String) async throws -> Transfer {
        let id = try Self.identifier(command.transferID, field: "transfer_id")
        let reason = try CaseWorkflow.requiredText(command.reason, field: "reason", rule: "a reversal states its reason", limit: 500)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        return try await store.write(context) { tx in
            guard let original = try tx.ledger.transfer(id) else {
                throw EnforcementError(.notFound, field: "transfer_id", "no transfer \(id)")
            }
            guard let number = original.caseNumber else {
                guard caller.isCityWide else { throw Domain.outOfScope("transfer \(id)", field: "transfer_id") }
                throw EnforcementError.precondition("\(id) belongs to no case; a suspense item is corrected by matching it", field: "transfer_id")
            }
            try domain.requireChangeRight(caller, number, asked: "transfer \(id)", field: "transfer_id")
            guard original.kind == .receipt || original.kind == .match else {
                throw EnforcementError.precondition("only a receipt or a match is reversed; \(id) is a \(original.kind.rawValue)", field: "transfer_id")
            }
            if let earlier = try tx.ledger.reversal(of: id) {
                throw EnforcementError.precondition("\(id) was already reversed by \(earlier.id)", field: "transfer_id", reason: "TRANSFER_ALREADY_REVERSED")
            }
            guard let reference = original.reference, var receipt = try tx.ledger.receipt(reference) else {
                throw EnforcementError(.internalError, "transfer \(id) names no receipt")
            }
            guard (original.kind == .receipt && receipt.status == .credited) || (original.kind == .match && receipt.status == .matched) else {
                throw EnforcementError.precondition("receipt \(reference) is \(receipt.status.rawValue); \(id) no longer holds it", field: "transfer_id")
            }
            var batch = LedgerBatch(tx)
            try batch.add(Transfer(debit: original.credit, credit: original.debit, amount: original.amount, kind: .reversal,
                                   reverses: id, caseNumber: number, reference: reference, note: reason, at: context.at))
            let reversal = try batch.commit()[0]
            if original.kind == .match {
                receipt.status = .suspense
                receipt.caseNumber = nil
                receipt.escrowAccount = nil
                receipt.matchTransferID = nil
                receipt.matchedBy = nil
                receipt.matchedAt = nil
            } else {
                receipt.status = .reversed
            }
            try Self.unlinkDeduction(receipt, tx.controls)
            receipt.deductionRequestID = nil
            try tx.ledger.update(receipt)
            return (reversal, number.description)
        }
    }

    // MARK: Payouts

    /// The judge proposes a payout; the amount is reserved at once by a pending transfer, so
    /// concurrent proposals can never together exceed the escrow balance.
    public func propose(_ command: ProposePayout, by caller: Caller, requestID: String) async throws -> Payout {
        let number = try CaseNumber(parsing: command.caseNumber)
        let accountNumber = try EscrowAccountNumber(parsing: command.escrowAccount, field: "escrow_account")
        guard let purpose = command.purpose else {
            throw EnforcementError.invalid("purpose", "a payout's purpose is required: payee or enforcement_fee")
        }
        let payee = try CaseWorkflow.requiredText(command.payeeName, field: "payee_name", rule: "the payee's name is required")
        let payeeAccount = try CaseWorkflow.requiredText(command.payeeAccount, field: "payee_account", rule: "the payee's account is required", limit: 64)
        let payeeBank = try CaseWorkflow.requiredText(command.payeeBank, field: "payee_bank", rule: "the payee's bank is required")
        let amount = try Money.positive(fen: command.amountFen, field: "amount_fen")
        let note = try CaseWorkflow.optionalText(command.note, field: "note", limit: 500)
        let proposer = try caller.requireUser([.judge, .clerk], for: "proposing a payout")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        return try await store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            let first = try Self.proposal(by: proposer, of: record, at: context.at)
            let escrow = try Self.escrow(accountNumber, tx.ledger)
            guard escrow.caseNumber == number else {
                throw EnforcementError.invalid("escrow_account", "account \(accountNumber) belongs to case \(escrow.caseNumber!), not \(number)")
            }
            let fee = try EnforcementFee.fee(on: record.amountSought)
            let target: String
            switch purpose {
            case .payee:
                target = LedgerAccount.payableID(payeeAccount: payeeAccount)
                if try tx.ledger.account(target) == nil {
                    try tx.ledger.insert(LedgerAccount(id: target, kind: .payable, holder: payee, openedAt: context.at))
                }
            case .enforcementFee:
                let taken = try tx.ledger.payouts(PayoutFilter(caseNumber: number, limit: 10_000))
                    .filter { $0.purpose == .enforcementFee && $0.status != .failed && $0.status != .rejected }
                    .reduce(0) { $0 + $1.amount.fen }
                guard amount.fen <= fee.fen - taken else {
                    throw EnforcementError.invalid("amount_fen", "the enforcement fee of \(number) is \(fee); \(Money(fen: taken)) is already paid or proposed, \(amount) asked")
                }
                target = LedgerAccount.feeIncomeID
            }
            var batch = LedgerBatch(tx)
            try batch.add(Transfer(debit: escrow.id, credit: target, amount: amount, kind: .payout, pending: true,
                                   caseNumber: number, reference: nil, note: payee, at: context.at))
            let pending = try batch.commit()[0]
            var payout = Payout(
                caseNumber: number, escrowAccount: accountNumber, purpose: purpose, payeeName: payee, payeeAccount: payeeAccount,
                payeeBank: payeeBank, amount: amount, enforcementFee: fee, status: .awaitingBureauChief,
                approvals: [first], proposedAt: context.at, note: note)
            payout.pendingTransferID = pending.id
            payout = try tx.ledger.insert(payout)
            return (payout, number.description)
        }
    }

    /// The next stage of the chain approves: bureau chief, then finance; each a different user.
    public func approve(_ command: ApprovePayout, by caller: Caller, requestID: String) async throws -> Payout {
        let id = try Self.identifier(command.payoutID, field: "payout_id")
        guard let stage = command.stage else {
            throw EnforcementError.invalid("stage", "name the approval stage: bureau_chief or finance (the judge approves by proposing)")
        }
        // 执行局长 at the bureau-chief stage, 财务 at the finance stage: the role is the token's, not the request's.
        let user = try caller.requireUser([stage == .finance ? .finance : .bureauChief], for: "approving a payout at the \(stage.rawValue) stage")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        return try await store.write(context) { tx in
            var payout = try Self.payout(id, tx.ledger)
            try domain.requireChangeRight(caller, payout.caseNumber, asked: "payout \(id)", field: "payout_id")
            guard let awaited = payout.awaitedStage else {
                throw EnforcementError.precondition("payout \(id) is \(payout.status.rawValue); it awaits no approval", field: "payout_id")
            }
            guard stage == awaited else {
                throw EnforcementError.precondition("approvals go judge → bureau chief → finance; \(id) awaits \(awaited.rawValue), not \(stage.rawValue)", field: "stage", reason: "APPROVAL_OUT_OF_ORDER")
            }
            if let earlier = payout.approvals.first(where: { $0.participants.contains(user.id) }) {
                throw EnforcementError(.permissionDenied, field: "authorization",
                                       "each step of a payout is taken by a different user; \(user.id) already took part in \(id) at the \(earlier.stage.rawValue) stage")
            }
            payout.approvals.append(Approval(stage: stage, user: user.id, at: context.at, userName: user.name))
            payout.status = stage == .finance ? .approved : .awaitingFinance
            try tx.ledger.update(payout)
            return (payout, payout.caseNumber.description)
        }
    }

    /// A payout still in the approval chain is refused (by the bureau chief or finance) or withdrawn
    /// (by the judge): the pending transfer is voided and the amount available again.
    public func reject(_ command: RejectPayout, by caller: Caller, requestID: String) async throws -> Payout {
        let id = try Self.identifier(command.payoutID, field: "payout_id")
        let reason = try CaseWorkflow.requiredText(command.reason, field: "reason", rule: "a rejection states its reason", limit: 500)
        let user = try caller.requireUser([.judge, .clerk, .bureauChief, .finance], for: "rejecting a payout")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        return try await store.write(context) { tx in
            var payout = try Self.payout(id, tx.ledger)
            try domain.requireChangeRight(caller, payout.caseNumber, asked: "payout \(id)", field: "payout_id")
            guard let awaited = payout.awaitedStage else {
                throw EnforcementError.precondition("only a payout in the approval chain is rejected; \(id) is \(payout.status.rawValue)", field: "payout_id")
            }
            // The awaited stage refuses it, or the side that proposed it withdraws it.
            let proposers = payout.approvals.first?.participants ?? []
            guard user.holds(awaited == .finance ? .finance : .bureauChief) || proposers.contains(user.id) else {
                throw EnforcementError(.permissionDenied, field: "authorization",
                                       "payout \(id) awaits the \(awaited.rawValue) stage: only that stage refuses it, or its proposer withdraws it")
            }
            try Self.void(payout, reason: reason, tx: tx, at: context.at)
            payout.status = .rejected
            payout.failureReason = reason
            payout.completedAt = context.at
            try tx.ledger.update(payout)
            return (payout, payout.caseNumber.description)
        }
    }

    /// The custodian bank executed an approved payout: the pending transfer posts and the money
    /// leaves the bank mirror, linked in one write.
    public func confirm(_ command: ConfirmPayout, by caller: Caller, requestID: String) async throws -> Payout {
        try requireCustodian(caller)
        let id = try Self.identifier(command.payoutID, field: "payout_id")
        let transactionID = try Self.identifier(command.bankTransactionID, field: "bank_transaction_id")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let nodes = domain.nodes
        return try await store.write(context) { tx in
            var payout = try Self.payout(id, tx.ledger)
            if payout.status == .paid, payout.bankTransactionID == transactionID { return (payout, payout.caseNumber.description) }
            guard payout.status == .approved else {
                throw EnforcementError.precondition("only an approved payout is executed; \(id) is \(payout.status.rawValue)", field: "payout_id")
            }
            if let other = try tx.ledger.payout(bankTransactionID: transactionID) {
                throw EnforcementError(.alreadyExists, field: "bank_transaction_id", "bank transaction \(transactionID) already executed payout \(other.id)")
            }
            guard let pending = try tx.ledger.transfer(payout.pendingTransferID) else {
                throw EnforcementError(.internalError, "payout \(id) has no pending transfer")
            }
            var batch = LedgerBatch(tx)
            try batch.add(Transfer(debit: pending.debit, credit: pending.credit, amount: pending.amount, kind: .payout,
                                   resolves: pending.id, resolution: .posted, caseNumber: payout.caseNumber, reference: id, at: context.at))
            try batch.add(Transfer(debit: pending.credit, credit: LedgerAccount.bankID, amount: pending.amount, kind: .disbursement,
                                   caseNumber: payout.caseNumber, reference: id, note: transactionID, at: context.at))
            _ = try batch.commit()
            payout.status = .paid
            payout.bankTransactionID = transactionID
            payout.completedAt = context.at
            try tx.ledger.update(payout)
            var record = try CaseWorkflow.load(payout.caseNumber, tx.cases)
            let node = nodes.system("funds_paid_out")
            record.nodesReached.insert(node.code)
            try tx.cases.update(record)
            _ = try tx.cases.append(NodeEvent(caseNumber: record.number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                        note: "\(payout.id) ¥\(payout.amount) → \(payout.payeeName)", filedOn: record.filedOn))
            try Self.notify(record, template: "funds_paid_out",
                            text: "案件\(record.number)的案款¥\(payout.amount)已发放至\(payout.payeeName)（\(payout.payeeBank)）。",
                            reference: id, tx: tx, at: context.at)
            return (payout, payout.caseNumber.description)
        }
    }

    /// The custodian bank could not execute an approved payout: the pending transfer is voided and
    /// the escrow balance restored.
    public func fail(_ command: FailPayout, by caller: Caller, requestID: String) async throws -> Payout {
        try requireCustodian(caller)
        let id = try Self.identifier(command.payoutID, field: "payout_id")
        let reason = try CaseWorkflow.requiredText(command.reason, field: "reason", rule: "a failed payout states the bank's reason", limit: 500)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        return try await store.write(context) { tx in
            var payout = try Self.payout(id, tx.ledger)
            if payout.status == .failed, payout.failureReason == reason { return (payout, payout.caseNumber.description) }
            guard payout.status == .approved else {
                throw EnforcementError.precondition("only an approved payout can fail at the bank; \(id) is \(payout.status.rawValue)", field: "payout_id")
            }
            try Self.void(payout, reason: reason, tx: tx, at: context.at)
            payout.status = .failed
            payout.failureReason = reason
            payout.completedAt = context.at
            try tx.ledger.update(payout)
            let record = try CaseWorkflow.load(payout.caseNumber, tx.cases)
            try Self.notify(record, template: "funds_payout_failed",
                            text: "案件\(record.number)的案款发放¥\(payout.amount)未能执行：\(reason)。款项已退回案款账户。",
                            reference: id, tx: tx, at: context.at, judgeOnly: true)
            return (payout, payout.caseNumber.description)
        }
    }

    /// Voids a payout's pending transfer: the reserved amount is available again.
    static func void(_ payout: Payout, reason: String, tx: any StoreTransaction, at: Date) throws {
        guard let pending = try tx.ledger.transfer(payout.pendingTransferID) else {
            throw EnforcementError(.internalError, "payout \(payout.id) has no pending transfer")
        }
        var batch = LedgerBatch(tx)
        try batch.add(Transfer(debit: pending.debit, credit: pending.credit, amount: pending.amount, kind: .payout,
                               resolves: pending.id, resolution: .voided, caseNumber: payout.caseNumber, reference: payout.id,
                               note: reason, at: at))
        _ = try batch.commit()
    }

    // MARK: Reads

    public func balance(_ rawNumber: String, by caller: Caller) async throws -> FundsBalance {
        try await domain.readCase(rawNumber, by: caller) { reader, record in
            FundsBalance(
                caseNumber: record.number, accounts: try reader.ledger.accounts(ofCase: record.number),
                payouts: try reader.ledger.payouts(PayoutFilter(caseNumber: record.number, limit: 10_000)),
                enforcementFee: try EnforcementFee.fee(on: record.amountSought))
        }
    }

    /// The transfers of a case, in order.
    public func statement(_ rawNumber: String, after: Int64, limit: Int, by caller: Caller) async throws -> [Transfer] {
        let size = try PageSize.resolve(limit)
        return try await domain.readCase(rawNumber, by: caller) { reader, record in
            try reader.ledger.transfers(account: nil, caseNumber: record.number, after: after, limit: size)
        }
    }

    /// The command centre and the custodian bank see every receipt; a court those of its scope.
    func seesAllReceipts(_ caller: Caller) -> Bool {
        caller.isCityWide || caller.principal == .custodianBank(custodian)
    }

    /// Whether the caller may see and match a receipt: the command centre and the custodian bank any;
    /// a court a receipt of its own case, or a suspense item whose reference names one of its cases.
    func mayHandleSuspense(_ caller: Caller, _ receipt: Receipt) -> Bool {
        if seesAllReceipts(caller) { return true }
        guard let court = caller.court else { return false }
        if let number = receipt.caseNumber { return number.court == court }
        return receipt.reference.flatMap(CaseNumber.first(in:))?.court == court
    }

    /// Receipts: a court lists those of its own cases or the suspense items whose reference names one
    /// of its cases; the custodian bank and the command centre list any.
    public func receipts(caseNumber rawNumber: String?, status: Receipt.Status?, after: Int64, limit: Int, by caller: Caller) async throws -> [Receipt] {
        var filter = ReceiptFilter(status: status, after: after, limit: try PageSize.resolve(limit))
        if let rawNumber, !rawNumber.isEmpty {
            let number = try CaseNumber(parsing: rawNumber)
            if caller.principal != .custodianBank(custodian) { try domain.requireReadRight(caller, number) }
            filter.caseNumber = number
        } else if !seesAllReceipts(caller) {
            guard status == .suspense, let court = caller.court else {
                throw EnforcementError.invalid("case_number", "a court lists the receipts of one of its cases (or status suspense); give the case number")
            }
            filter.referenceCourt = court
        }
        return try await store.read { [filter] reader in try reader.ledger.receipts(filter) }
    }

    /// The suspense items as they stood at an instant (e.g. the end of a month): received by then
    /// and not matched by then. A court sees those whose reference names one of its cases.
    public func suspense(asOf instant: Date, by caller: Caller) async throws -> [Receipt] {
        var filter = ReceiptFilter(receivedBefore: instant.addingTimeInterval(0.001), limit: 100_000)
        if !seesAllReceipts(caller) {
            guard let court = caller.court else { throw EnforcementError(.permissionDenied, "suspense items are the command centre's and the courts'") }
            filter.referenceCourt = court
        }
        return try await store.read { [filter] reader in
            try reader.ledger.receipts(filter).filter { receipt in
                switch receipt.status {
                case .suspense: true
                case .matched: (receipt.matchedAt ?? instant) > instant
                case .credited, .reversed: false
                }
            }
        }
    }

    /// Payouts: a court those of its own case; the custodian bank and command centre any.
    public func payouts(caseNumber rawNumber: String?, status: Payout.Status?, after: Int64, limit: Int, by caller: Caller) async throws -> [Payout] {
        var filter = PayoutFilter(status: status, after: after, limit: try PageSize.resolve(limit))
        if let rawNumber, !rawNumber.isEmpty {
            let number = try CaseNumber(parsing: rawNumber)
            if caller.principal != .custodianBank(custodian) { try domain.requireReadRight(caller, number) }
            filter.caseNumber = number
        } else if !(caller.isCityWide || caller.principal == .custodianBank(custodian)) {
            throw EnforcementError.invalid("case_number", "a court lists the payouts of one of its cases; give the case number")
        }
        return try await store.read { [filter] reader in try reader.ledger.payouts(filter) }
    }

    /// The outbox messages written for a case (or, for the command centre, for all cases).
    public func outbox(caseNumber rawNumber: String?, after: Int64, limit: Int, by caller: Caller) async throws -> [OutboxMessage] {
        var number: CaseNumber?
        if let rawNumber, !rawNumber.isEmpty {
            number = try CaseNumber(parsing: rawNumber)
            try domain.requireReadRight(caller, number!)
        } else if !caller.isCityWide {
            throw EnforcementError.invalid("case_number", "a court reads the outbox of one of its cases; give the case number")
        }
        let size = try PageSize.resolve(limit)
        return try await store.read { [number] reader in try reader.outbox.messages(caseNumber: number, after: after, limit: size) }
    }

    public func reminders(caseNumber rawNumber: String?, after: Int64, limit: Int, by caller: Caller) async throws -> [FundsReminder] {
        var number: CaseNumber?
        if let rawNumber, !rawNumber.isEmpty {
            number = try CaseNumber(parsing: rawNumber)
            try domain.requireReadRight(caller, number!)
        } else if !(caller.isCityWide || caller.principal == .custodianBank(custodian)) {
            throw EnforcementError.invalid("case_number", "a court reads the funds reminders of one of its cases; give the case number")
        }
        let size = try PageSize.resolve(limit)
        return try await store.read { [number] reader in try reader.ledger.reminders(caseNumber: number, after: after, limit: size) }
    }

    /// The most receipts (and payouts) one reconciliation reads.
    static let reconcileRowLimit = 100_000

    /// Compares a custodian bank statement with the ledger over the statement's dates: receipts
    /// in (by the bank's transaction id) and executed payouts out. Reading only; nothing is written.
    public func reconcile(statement csv: String) async throws -> ReconciliationReport {
        let lines = try StatementLine.parse(csv: csv)
        // Widen by a day each side so that every movement dated inside the period (Shanghai dates) is read.
        let (first, last) = (lines.map(\.date).min()!, lines.map(\.date).max()!)
        guard first.days(until: last) <= 31 else {
            throw EnforcementError.invalid("statement", "a statement covers at most 31 days (\(first) to \(last) given); reconcile month by month")
        }
        let from = first.adding(days: -1).startInstant
        let to = last.adding(days: 2).startInstant
        let limit = Self.reconcileRowLimit
        let movements = try await store.read { reader in
            let receipts = try reader.ledger.receipts(ReceiptFilter(receivedFrom: from, receivedBefore: to, limit: limit + 1))
            guard receipts.count <= limit else {
                throw EnforcementError.precondition("the period holds more than \(limit) receipts; reconcile a shorter statement", field: "statement")
            }
            let receiptMovements = receipts
                .filter { $0.status != .reversed }
                .map { LedgerMovement(transactionID: $0.bankTransactionID, direction: .incoming, amount: $0.amount,
                                      date: CalendarDate($0.receivedAt), what: "receipt from \($0.payerName)") }
            let paid = try reader.ledger.payouts(PayoutFilter(status: .paid, completedFrom: from, completedBefore: to, limit: limit + 1))
            guard paid.count <= limit else {
                throw EnforcementError.precondition("the period holds more than \(limit) payouts; reconcile a shorter statement", field: "statement")
            }
            let paidMovements = paid
                .compactMap { payout -> LedgerMovement? in
                    guard let id = payout.bankTransactionID, let at = payout.completedAt, at >= from, at < to else { return nil }
                    return LedgerMovement(transactionID: id, direction: .outgoing, amount: payout.amount, date: CalendarDate(at),
                                          what: "payout \(payout.id) to \(payout.payeeName)")
                }
            return receiptMovements + paidMovements
        }
        return Reconciliation.compare(lines, movements)
    }

    /// Checks the whole ledger: the invariants, and each account's totals against its transfers.
    public func check() async throws -> LedgerCheck {
        try await store.read { reader in
            var recomputed: [String: LedgerAccount] = [:]
            var stored: [LedgerAccount] = []
            var after = ""
            while true {
                let page = try reader.ledger.accounts(after: after, limit: 1000)
                guard let last = page.last else { break }
                stored += page
                after = last.id
            }
            for account in stored {
                var zero = account
                (zero.debitsPosted, zero.creditsPosted, zero.debitsPending, zero.creditsPending) = (0, 0, 0, 0)
                recomputed[account.id] = zero
            }
            var problems: [String] = []
            var count = 0
            var position: Int64 = 0
            while true {
                let page = try reader.ledger.transfers(account: nil, caseNumber: nil, after: position, limit: 1000)
                guard let last = page.last else { break }
                position = last.position
                for transfer in page {
                    count += 1
                    guard recomputed[transfer.debit] != nil, recomputed[transfer.credit] != nil else {
                        problems.append("transfer \(transfer.id) names an unknown account")
                        continue
                    }
                    let amount = transfer.amount.fen
                    if transfer.resolves != nil {
                        recomputed[transfer.debit]!.debitsPending -= amount
                        recomputed[transfer.credit]!.creditsPending -= amount
                        if transfer.resolution == .posted {
                            recomputed[transfer.debit]!.debitsPosted += amount
                            recomputed[transfer.credit]!.creditsPosted += amount
                        }
                    } else if transfer.pending {
                        recomputed[transfer.debit]!.debitsPending += amount
                        recomputed[transfer.credit]!.creditsPending += amount
                    } else {
                        recomputed[transfer.debit]!.debitsPosted += amount
                        recomputed[transfer.credit]!.creditsPosted += amount
                    }
                }
            }
            for account in stored {
                let expected = recomputed[account.id]!
                if (account.debitsPosted, account.creditsPosted, account.debitsPending, account.creditsPending)
                    != (expected.debitsPosted, expected.creditsPosted, expected.debitsPending, expected.creditsPending)
                {
                    problems.append("account \(account.id) totals differ from its transfers")
                }
            }
            let totals = try reader.ledger.totals()
            problems += LedgerInvariants.violations(in: totals)
            func sum(_ kind: AccountKind) -> Int64 { stored.filter { $0.kind == kind }.reduce(0) { $0 + $1.balance.fen } }
            let pending = stored.filter { $0.kind == .escrow }.reduce(0) { $0 + $1.debitsPending }
            return LedgerCheck(accounts: stored.count, transfers: count, bank: Money(fen: sum(.bank)), escrow: Money(fen: sum(.escrow)),
                               suspense: Money(fen: sum(.suspense)), pendingPayouts: Money(fen: pending), problems: problems)
        }
    }

    // MARK: Helpers

    func requireCustodian(_ caller: Caller) throws(EnforcementError) {
        guard caller.principal == .custodianBank(custodian) else {
            throw EnforcementError(.permissionDenied, "only the custodian bank \(custodian) reports receipts and executes payouts, not \(caller.principal)")
        }
    }

    /// The judge stage of a payout: the case's handling judge proposes it, or a clerk of the same
    /// court on the judge's behalf (recorded as such); any other judge is refused.
    static func proposal(by user: CourtUser, of record: EnforcementCase, at: Date) throws(EnforcementError) -> Approval {
        guard let judge = record.handlingJudge else {
            throw EnforcementError.precondition("case \(record.number) has no handling judge; assign one before proposing a payout", field: "case_number", reason: "NO_HANDLING_JUDGE")
        }
        if user.holds(.judge), user.id == judge {
            return Approval(stage: .judge, user: user.id, at: at, userName: user.name)
        }
        guard user.holds(.clerk) else {
            throw EnforcementError(.permissionDenied, field: "authorization",
                                   "a payout of \(record.number) is proposed by its handling judge \(judge), or by a clerk on the judge's behalf; \(user.id) is neither")
        }
        return Approval(stage: .judge, user: user.id, at: at, userName: user.name, onBehalfOf: judge)
    }

    static func escrow(_ number: EscrowAccountNumber, _ reader: any LedgerReader) throws -> LedgerAccount {
        guard let account = try reader.account(LedgerAccount.escrowID(number)), account.caseNumber != nil else {
            throw EnforcementError(.notFound, field: "escrow_account", "no escrow account \(number)")
        }
        return account
    }

    static func payout(_ id: String, _ reader: any LedgerReader) throws -> Payout {
        guard let payout = try reader.payout(id) else {
            throw EnforcementError(.notFound, field: "payout_id", "no payout \(id)")
        }
        return payout
    }

    static func repeated(_ known: Receipt, _ report: Receipt) throws -> Receipt {
        guard known.sameReport(as: report) else {
            throw EnforcementError(
                .alreadyExists, field: "bank_transaction_id",
                "bank transaction \(known.bankTransactionID) was reported before with amount \(known.amount) to '\(known.accountWritten)'; a repeat must be identical")
        }
        return known
    }

    /// Links a receipt credited to a case to the deduction that sent it, and marks the deduction
    /// received: the deduction its reference names (`CR` and eight digits, answered or not), else the
    /// answered one whose bank transfer reference it carries, else the oldest answered deduction into
    /// the same escrow account of exactly the amount moved.
    static func linkDeduction(_ receipt: Receipt, _ controls: any ControlWriter) throws -> String? {
        guard let number = receipt.caseNumber else { return nil }
        let unlinked = try controls.requests(ofCase: number).filter { $0.action == .deduct && $0.receiptID == nil }
        let moved = unlinked.filter { request in
            guard case .deduction(let moved, _, _)? = request.answer else { return false }
            return moved.fen > 0
        }
        let reference = receipt.reference ?? ""
        let named = reference.range(of: #"CR[0-9]{8}"#, options: .regularExpression).map { String(reference[$0]) }
        let found = unlinked.first { $0.id == named }
            ?? moved.first { $0.transferReference.map { !$0.isEmpty && reference.contains($0) } ?? false }
            ?? moved.first { request in
                guard case .deduction(let moved, _, _)? = request.answer else { return false }
                return request.escrowAccount != nil && request.escrowAccount == receipt.escrowAccount && moved == receipt.amount
            }
        guard var deduction = found else { return nil }
        deduction.receiptID = receipt.bankTransactionID
        try controls.update(deduction)
        return deduction.id
    }

    /// A reversed receipt or match no longer brings its deduction's money in.
    static func unlinkDeduction(_ receipt: Receipt, _ controls: any ControlWriter) throws {
        guard let id = receipt.deductionRequestID, var deduction = try controls.request(id), deduction.receiptID == receipt.bankTransactionID else { return }
        deduction.receiptID = nil
        try controls.update(deduction)
    }

    static func announceReceipt(_ receipt: Receipt, case number: CaseNumber, tx: any StoreTransaction, nodes: ProcessNodeCatalogue,
                                by caller: Caller, at: Date) throws {
        var record = try CaseWorkflow.load(number, tx.cases)
        let node = nodes.system("funds_received")
        record.nodesReached.insert(node.code)
        try tx.cases.update(record)
        _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: at, recordedBy: caller.description,
                                    note: "\(receipt.bankTransactionID) ¥\(receipt.amount) ← \(receipt.payerName)", filedOn: record.filedOn))
        try notify(record, template: "funds_received",
                   text: "案件\(number)收到案款¥\(receipt.amount)（付款人\(receipt.payerName)，账号\(receipt.escrowAccount?.description ?? "-")）。",
                   reference: receipt.bankTransactionID, tx: tx, at: at)
    }

    /// Writes the outbox messages of one money movement: to the handling judge and every party.
    static func notify(_ record: EnforcementCase, template: String, text: String, reference: String,
                       tx: any StoreTransaction, at: Date, judgeOnly: Bool = false) throws {
        var messages = [OutboxMessage(caseNumber: record.number, recipient: .handlingJudge, name: record.handlingJudge ?? "承办法官",
                                      template: template, text: text, reference: reference, createdAt: at)]
        if !judgeOnly {
            messages += record.applicants.map {
                OutboxMessage(caseNumber: record.number, recipient: .applicant, name: $0.name, phone: $0.phone,
                              template: template, text: text, reference: reference, createdAt: at)
            }
            messages += record.debtors.map {
                OutboxMessage(caseNumber: record.number, recipient: .debtor, name: $0.name, phone: $0.phone,
                              template: template, text: text, reference: reference, createdAt: at)
            }
        }
        for message in messages { _ = try tx.outbox.append(message) }
    }

    static func identifier(_ text: String, field: String) throws(EnforcementError) -> String {
        let trimmed = text.trimmingWhitespace
        guard (1...64).contains(trimmed.utf8.count), trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw .invalid(field, "1 to 64 printable ASCII characters are required")
        }
        return trimmed
    }

    static func instant(_ text: String, field: String, notAfter now: Date) throws(EnforcementError) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: text) ?? precise.date(from: text) else {
            throw .invalid(field, "an ISO 8601 instant is required, e.g. 2026-11-28T09:30:00+08:00; got '\(text.prefix(40))'")
        }
        guard date <= now.addingTimeInterval(300) else {
            throw .invalid(field, "\(text.prefix(40)) is in the future")
        }
        guard CalendarDate.legalYears.contains(CalendarDate(date).year) else {
            throw .invalid(field, "an instant must fall in the years \(CalendarDate.legalYears.lowerBound)–\(CalendarDate.legalYears.upperBound)")
        }
        return date
    }
}
