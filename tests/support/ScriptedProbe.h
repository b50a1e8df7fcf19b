#pragma once
// Test double for the system probe (this machine has no user at its keyboard): the test writes
// what the probe "sees" into `script`; reads are counted.
#include "sched/SystemProbe.h"

namespace cocoon::test {

class ScriptedProbe final : public sched::SystemProbe
{
public:
    sched::Snapshot script;
    int inputReads = 0;
    int systemReads = 0;
    void readInput(sched::Snapshot& s) override
    {
        ++inputReads;
        s.idleFor = script.idleFor;
        s.sessionLocked = script.sessionLocked;
        s.fullscreenApp = script.fullscreenApp;
    }
    void readSystem(sched::Snapshot& s) override
    {
        ++systemReads;
        s.runningProcesses = script.runningProcesses;
        s.onBattery = script.onBattery;
        s.batteryPercent = script.batteryPercent;
    }
    sched::ProbeSources sources() const override
    {
        return {"scripted", "scripted", "scripted", "scripted", "scripted"};
    }
};

} // namespace cocoon::test
