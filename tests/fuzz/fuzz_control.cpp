// Fuzz target: every line a control socket or cocoonctl receives. Invariants: a request that
// parses re-encodes to a request that parses to the same command and arguments; a reply line never
// crashes the reader, nor does a decision or history entry read out of it (a window attached to a
// headless instance reads those); a decision read back re-encodes to the same decision; a node
// status read back re-encodes to what it was read as.
#include "control/Control.h"
#include "control/NodeStatus.h"
#include "sched/StateHistory.h"

#include <QJsonArray>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::control;
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto r = parseRequest(bytes)) {
        QByteArray again = encodeRequest(*r);
        again.chop(1);
        auto r2 = parseRequest(again);
        if (!r2 || r2->command != r->command || r2->args != r->args)
            std::abort();
    }
    if (auto reply = parseReply(bytes); reply && reply->isObject()) {
        const QJsonObject o = reply->toObject();
        const cocoon::sched::Decision d = cocoon::sched::decisionFromJson(o);
        const cocoon::sched::Decision again = cocoon::sched::decisionFromJson(cocoon::sched::toJson(d));
        if (again.run != d.run || again.dutyPercent != d.dutyPercent || again.reasons != d.reasons
            || again.arguments != d.arguments || again.explanations != d.explanations
            || again.vramBudgetBytes != d.vramBudgetBytes)
            std::abort();
        const NodeStatus status = NodeStatus::fromJson(o);
        if (NodeStatus::fromJson(status.toJson()).toJson() != status.toJson())
            std::abort();
        (void)cocoon::sched::stateChangeFromJson(o);
        for (const QJsonValue& v : o.value(QStringLiteral("entries")).toArray())
            (void)cocoon::sched::stateChangeFromJson(v.toObject());
    }
    return 0;
}
