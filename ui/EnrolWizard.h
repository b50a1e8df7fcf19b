#pragma once
// The enrolment wizard (first run, and File > Enrol again): welcome -> the devices found, each with
// a checkbox -> the confidential-computing pre-flight with a fix for each failed check -> a short
// benchmark (off the GUI thread) -> the payout wallet: paste an address (validated as typed) or
// create one (24 words shown once, three of them typed back, then forgotten: only the address is
// kept) -> a limits preset -> the network (the local demo network, or a coordinator and its pin).
// The wizard only collects choices; applyEnrolment() writes them to the settings.
#include "attest/Preflight.h"
#include "common/Expected.h"
#include "crypto/SecretBytes.h"

#include <QJsonObject>
#include <QWizard>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace cocoon {
class Settings;
}

namespace cocoon::ui {

struct EnrolDevice
{
    QString key; ///< "cpu", "gpu0" (what sched.deviceOverrides names)
    QString name; ///< "NVIDIA GeForce RTX 4070 (12 GiB, compute 8.9)"
    bool usable = true;
    QString reason; ///< why it is not usable
};

enum class LimitsPreset { Gamer, Balanced, Maximum };

/// The settings a preset stands for (key -> value), all from the settings table.
QList<QPair<QString, QVariant>> presetValues(LimitsPreset preset);

struct EnrolChoices
{
    QStringList excludedDevices; ///< keys the owner unticked
    QString walletAddress; ///< user-friendly form
    bool walletCreated = false;
    LimitsPreset preset = LimitsPreset::Gamer;
    bool demoNetwork = true;
    QString coordinator; ///< wss://HOST:PORT when !demoNetwork
    QString pin;
    std::optional<QJsonObject> benchmark; ///< the report, when one was run
};

/// Writes the choices (every value validated against the settings table first, so nothing is
/// written unless all of it is valid) and marks the app enrolled. Devices the owner unticked are
/// paused through sched.deviceOverrides ("gpu1: mode=paused"), keeping other overrides.
Expected<void, QString> applyEnrolment(const EnrolChoices& choices, Settings& settings);

class EnrolWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { Welcome, Devices, Preflight, Benchmark, Wallet, WalletPhrase, WalletConfirm, Limits, Network };

    struct Inputs
    {
        QList<EnrolDevice> devices;
        QList<attest::PreflightCheck> preflight;
        /// Runs on a worker thread; the report has "score" and "stop_latency_ms".
        std::function<Expected<QJsonObject, QString>()> benchmark;
        QString walletAddress; ///< the current one, pre-filled
        QString coordinator;
        QString pin;
    };

    explicit EnrolWizard(Inputs inputs, QWidget* parent = nullptr);
    ~EnrolWizard() override;

    EnrolChoices choices() const;

    // Test hooks (the wallet phrase is readable only while it is on screen).
    QString phraseWord(int index) const;
    QList<int> confirmationPositions() const { return m_positions; }
    bool phraseForgotten() const { return m_phrase.empty(); }
    void waitForBenchmark();

private:
    friend class WalletPageW;
    friend class PhrasePage;
    friend class ConfirmPage;
    friend class BenchmarkPage;
    void createPhrase();
    void forgetPhrase();

    Inputs m_inputs;
    SecretBytes m_phrase;
    QList<int> m_positions;
    QString m_createdAddress;
    std::optional<QJsonObject> m_benchmarkReport;
    class BenchmarkPage* m_benchmarkPage = nullptr;
};

} // namespace cocoon::ui
