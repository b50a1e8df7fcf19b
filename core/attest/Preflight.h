#pragma once
// The confidential-computing pre-flight the enrolment wizard (and `cocoonctl attest`) shows: one
// line per requirement of the "confidential" tier, whether this machine meets it, what was found,
// and what the owner can do about it. Derived from the evidence the node actually collected, so it
// never claims more than the tier the network will see.
#include "attest/LocalEvidence.h"

#include <QList>
#include <QString>

namespace cocoon::attest {

struct PreflightCheck
{
    enum class Result { Pass, Fail, NotNeeded };
    QString title; ///< "CPU confidential VM (AMD SEV-SNP or Intel TDX)"
    Result result = Result::Fail;
    QString detail; ///< what was found
    QString fix; ///< what to do about a failure (empty when it passed)
};

/// `gpuNeeded`: the node offers NVIDIA GPUs (their CC mode then matters).
QList<PreflightCheck> preflightChecks(const LocalEvidence& evidence, bool gpuNeeded);

} // namespace cocoon::attest
