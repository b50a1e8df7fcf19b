#include "EnrolWizard.h"

#include "config/Settings.h"
#include "ledger/Ledger.h"
#include "node/Forecast.h"
#include "sched/DeviceOverrides.h"
#include "wallet/Address.h"
#include "wallet/Mnemonic.h"
#include "wallet/WalletContract.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QThread>
#include <QVBoxLayout>

namespace cocoon::ui {

QList<QPair<QString, QVariant>> presetValues(LimitsPreset preset)
{
    const auto k = [](const char* key) { return QString::fromLatin1(key); };
    switch (preset) {
    case LimitsPreset::Gamer:
        return {{k(keys::schedMode), QStringLiteral("idle")}, {k(keys::schedIdleSeconds), 180},
            {k(keys::schedDutyIdle), 100}, {k(keys::schedPauseFullscreen), true}, {k(keys::schedMaxOtherGpu), 10}};
    case LimitsPreset::Balanced:
        return {{k(keys::schedMode), QStringLiteral("always")}, {k(keys::schedDutyActive), 30},
            {k(keys::schedDutyIdle), 100}, {k(keys::schedIdleSeconds), 300}, {k(keys::schedPauseFullscreen), true},
            {k(keys::schedMaxOtherGpu), 20}};
    case LimitsPreset::Maximum:
        return {{k(keys::schedMode), QStringLiteral("always")}, {k(keys::schedDutyActive), 100},
            {k(keys::schedDutyIdle), 100}, {k(keys::schedPauseFullscreen), false}, {k(keys::schedMaxOtherGpu), 100}};
    }
    return {};
}

namespace {

/// sched.deviceOverrides with "<key>: mode=paused" for each excluded device, other overrides kept.
Expected<QStringList, QString> overridesExcluding(const QString& current, const QStringList& excluded)
{
    auto parsed = sched::parseDeviceOverrides(current);
    if (!parsed)
        return unexpected(parsed.error());
    QStringList parts;
    for (const auto& o : *parsed) {
        QStringList values;
        for (auto it = o.values.begin(); it != o.values.end(); ++it) {
            if (excluded.contains(o.device) && it.key() == u"sched.mode")
                continue;
            QString v = it.value().typeId() == QMetaType::Bool ? (it.value().toBool() ? u"true"_qs : u"false"_qs)
                                                               : it.value().toString();
            values << QStringLiteral("%1=%2").arg(it.key().mid(6), v);
        }
        if (excluded.contains(o.device))
            values << QStringLiteral("mode=paused");
        if (!values.isEmpty())
            parts << QStringLiteral("%1: %2").arg(o.device, values.join(QStringLiteral(", ")));
    }
    for (const QString& d : excluded) {
        if (std::none_of(parsed->begin(), parsed->end(), [&](const auto& o) { return o.device == d; }))
            parts << QStringLiteral("%1: mode=paused").arg(d);
    }
    return parts;
}

QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    return l;
}

QString checkMark(attest::PreflightCheck::Result r)
{
    switch (r) {
    case attest::PreflightCheck::Result::Pass:
        return QStringLiteral("✔");
    case attest::PreflightCheck::Result::NotNeeded:
        return QStringLiteral("–");
    case attest::PreflightCheck::Result::Fail:
        break;
    }
    return QStringLiteral("✘");
}

} // namespace

Expected<void, QString> applyEnrolment(const EnrolChoices& c, Settings& settings)
{
    QList<QPair<QString, QVariant>> values = presetValues(c.preset);
    const auto key = [](const char* k) { return QString::fromLatin1(k); };
    values << qMakePair(key(keys::walletAddress), QVariant(c.walletAddress));
    values << qMakePair(key(keys::netDemo), QVariant(c.demoNetwork));
    values << qMakePair(key(keys::netCoordinator), QVariant(c.demoNetwork ? QString() : c.coordinator));
    values << qMakePair(key(keys::netPin), QVariant(c.demoNetwork ? QString() : c.pin));
    auto overrides = overridesExcluding(settings.stringValue(key(keys::schedDeviceOverrides)), c.excludedDevices);
    if (!overrides)
        return unexpected(QObject::tr("The per-device limits could not be read: %1").arg(overrides.error()));
    values << qMakePair(key(keys::schedDeviceOverrides), QVariant(overrides->join(QStringLiteral("; "))));
    values << qMakePair(key(keys::appEnrolled), QVariant(true));
    // Validate everything before writing anything.
    for (const auto& [k, v] : values) {
        const SettingSpec* spec = settings.spec(k);
        if (!spec)
            return unexpected(QObject::tr("Unknown setting %1").arg(k));
        if (auto ok = Settings::validate(*spec, v); !ok)
            return unexpected(ok.error().message);
    }
    for (const auto& [k, v] : values) {
        if (auto ok = settings.set(k, v); !ok)
            return unexpected(ok.error().message);
    }
    return {};
}

// ---- pages -------------------------------------------------------------------------------------

class DevicesPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit DevicesPage(const QList<EnrolDevice>& devices)
    {
        setTitle(tr("Your compute devices"));
        setSubTitle(tr("Tick the devices Cocoon may use. Unticked ones are never touched."));
        auto* layout = new QVBoxLayout(this);
        for (const EnrolDevice& d : devices) {
            auto* box = new QCheckBox(d.usable ? d.name : tr("%1 — not usable: %2").arg(d.name, d.reason), this);
            box->setObjectName(QStringLiteral("device_%1").arg(d.key));
            box->setChecked(d.usable);
            box->setEnabled(d.usable);
            box->setAccessibleName(tr("Use %1").arg(d.name));
            layout->addWidget(box);
            if (d.usable)
                m_boxes.append({d.key, box});
        }
        if (devices.isEmpty())
            layout->addWidget(wrapped(tr("No compute device was found."), this));
        layout->addStretch(1);
    }
    QStringList excluded() const
    {
        QStringList keys;
        for (const auto& [key, box] : m_boxes) {
            if (!box->isChecked())
                keys << key;
        }
        return keys;
    }
    bool isComplete() const override
    {
        return std::any_of(m_boxes.begin(), m_boxes.end(), [](const auto& b) { return b.second->isChecked(); });
    }
    bool validatePage() override { return isComplete(); }
    void connectBoxes()
    {
        for (const auto& [key, box] : m_boxes)
            connect(box, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    }

private:
    QList<QPair<QString, QCheckBox*>> m_boxes;
};

class BenchmarkPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit BenchmarkPage(EnrolWizard* wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("A short benchmark"));
        setSubTitle(tr("A real sealed job runs for a few seconds to measure how fast this machine works and how "
                       "quickly it gets out of your way."));
        auto* layout = new QVBoxLayout(this);
        m_run = new QPushButton(tr("&Run the benchmark"), this);
        m_run->setObjectName(QStringLiteral("runBenchmark"));
        m_progress = new QProgressBar(this);
        m_progress->setRange(0, 0);
        m_progress->setVisible(false);
        m_progress->setAccessibleName(tr("Benchmark progress"));
        m_result = wrapped(tr("You can skip this and run it later from File > Set up again…"), this);
        m_result->setObjectName(QStringLiteral("benchmarkResult"));
        layout->addWidget(m_run);
        layout->addWidget(m_progress);
        layout->addWidget(m_result);
        layout->addStretch(1);
        connect(m_run, &QPushButton::clicked, this, &BenchmarkPage::start);
    }
    ~BenchmarkPage() override
    {
        if (m_thread)
            m_thread->wait();
    }

    void start()
    {
        if (m_thread || !m_wizard->m_inputs.benchmark)
            return;
        m_run->setEnabled(false);
        m_progress->setVisible(true);
        m_result->setText(tr("Running…"));
        auto run = m_wizard->m_inputs.benchmark;
        m_thread = QThread::create([this, run] { m_outcome = run(); });
        connect(m_thread, &QThread::finished, this, &BenchmarkPage::finished);
        m_thread->start();
    }
    void wait()
    {
        if (!m_thread)
            return;
        QEventLoop loop;
        connect(m_thread, &QThread::finished, &loop, &QEventLoop::quit);
        if (!m_thread->isFinished())
            loop.exec();
        QCoreApplication::processEvents();
    }

private:
    void finished()
    {
        m_progress->setVisible(false);
        m_run->setEnabled(true);
        m_thread->deleteLater();
        m_thread = nullptr;
        if (!m_outcome) {
            m_result->setText(tr("The benchmark failed: %1").arg(m_outcome.error().toHtmlEscaped()));
            return;
        }
        const QJsonObject r = *m_outcome;
        m_wizard->m_benchmarkReport = r;
        const QJsonObject stop = r.value(QStringLiteral("stop_latency_ms")).toObject();
        QString text = tr("<b>Score: %1</b> (million probe operations per second, %2).")
                           .arg(r.value(QStringLiteral("score")).toDouble(), 0, 'f', 0)
                           .arg(r.value(QStringLiteral("device")).toString());
        text += u"<br>"_qs
            + tr("Stops within %1 ms of you touching the mouse (typical %2 ms).")
                  .arg(stop.value(QStringLiteral("p99")).toDouble(), 0, 'f', 1)
                  .arg(stop.value(QStringLiteral("p50")).toDouble(), 0, 'f', 1);
        // What that speed is worth a day, at the demo network's price and around the clock; the
        // Dashboard then uses the real price and schedule and compares with what was earned.
        const node::EarningsForecast f = node::forecastEarnings(
            {r.value(QStringLiteral("score")).toDouble() * 1e6, double(node::kDemoPriceNanoPerUnit), 168, 1}, nullptr,
            0);
        text += u"<br>"_qs
            + tr("Working around the clock at the demo network's price (%1 nanoTON per unit), this machine would "
                 "earn about %2 test TON a day; your schedule and a coordinator's prices change that, and the "
                 "Dashboard compares the forecast with what you actually earn.")
                  .arg(node::kDemoPriceNanoPerUnit)
                  .arg(ledger::formatTon(f.nanoPerDay));
        m_result->setText(text);
    }

    EnrolWizard* m_wizard;
    QPushButton* m_run;
    QProgressBar* m_progress;
    QLabel* m_result;
    QThread* m_thread = nullptr;
    Expected<QJsonObject, QString> m_outcome = unexpected(QString());
};

class WalletPageW : public QWizardPage
{
    Q_OBJECT

public:
    explicit WalletPageW(EnrolWizard* wizard, const QString& current)
        : m_wizard(wizard)
    {
        setTitle(tr("Where should your earnings go?"));
        setSubTitle(tr("Earnings are paid in TON to a wallet you own. Cocoon keeps only its address."));
        auto* layout = new QVBoxLayout(this);
        m_paste = new QRadioButton(tr("I have a TON wallet: &paste its address"), this);
        m_paste->setObjectName(QStringLiteral("walletPaste"));
        m_create = new QRadioButton(tr("&Create a new wallet for me"), this);
        m_create->setObjectName(QStringLiteral("walletCreate"));
        m_address = new QLineEdit(current, this);
        m_address->setObjectName(QStringLiteral("walletAddress"));
        m_address->setPlaceholderText(tr("UQ… or EQ… or 0:…"));
        m_address->setAccessibleName(tr("Payout address"));
        m_feedback = wrapped(QString(), this);
        m_feedback->setObjectName(QStringLiteral("walletFeedback"));
        layout->addWidget(m_paste);
        layout->addWidget(m_address);
        layout->addWidget(m_feedback);
        layout->addSpacing(12);
        layout->addWidget(m_create);
        layout->addWidget(wrapped(tr("You will see 24 words once. Write them on paper: they are the only way to "
                                     "spend what arrives. Cocoon forgets them as soon as you have confirmed them."),
            this));
        layout->addStretch(1);
        m_paste->setChecked(true);
        connect(m_address, &QLineEdit::textChanged, this, &WalletPageW::validate);
        connect(m_paste, &QRadioButton::toggled, this, &WalletPageW::validate);
        validate();
    }
    bool isComplete() const override { return m_create->isChecked() || m_valid; }
    bool validatePage() override { return isComplete(); }
    int nextId() const override { return m_create->isChecked() ? EnrolWizard::WalletPhrase : EnrolWizard::Limits; }
    bool creating() const { return m_create->isChecked(); }
    QString pasted() const { return m_address->text().trimmed(); }

private:
    void validate()
    {
        m_address->setEnabled(m_paste->isChecked());
        const QString text = pasted();
        if (!m_paste->isChecked()) {
            m_valid = false;
            m_feedback->clear();
        } else if (text.isEmpty()) {
            m_valid = false;
            m_feedback->setText(tr("Paste the address from your wallet app (Tonkeeper, MyTonWallet, …)."));
        } else if (auto a = wallet::Address::parse(text); !a) {
            m_valid = false;
            m_feedback->setText(u"<span style='color:#c0392b'>"_qs
                + tr("Not a TON address: %1").arg(a.error().message.toHtmlEscaped()) + u"</span>"_qs);
        } else if (a->testnet) {
            m_valid = false;
            m_feedback->setText(u"<span style='color:#c0392b'>"_qs
                + tr("This is a testnet address; earnings are paid on the main network.") + u"</span>"_qs);
        } else {
            m_valid = true;
            m_feedback->setText(tr("✔ A valid address (workchain %1).").arg(a->address.workchain));
        }
        m_address->setProperty("invalid", m_paste->isChecked() && !text.isEmpty() && !m_valid);
        emit completeChanged();
    }

    EnrolWizard* m_wizard;
    QRadioButton* m_paste;
    QRadioButton* m_create;
    QLineEdit* m_address;
    QLabel* m_feedback;
    bool m_valid = false;
};

class PhrasePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit PhrasePage(EnrolWizard* wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("Your new wallet's recovery phrase"));
        setSubTitle(tr("Write these 24 words on paper, in order. Anyone who has them can take your TON; no one can "
                       "recover them for you. They are shown only now."));
        auto* layout = new QVBoxLayout(this);
        m_grid = new QGridLayout;
        layout->addLayout(m_grid);
        for (int i = 0; i < wallet::Mnemonic::kWords; ++i) {
            auto* l = new QLabel(this);
            l->setObjectName(QStringLiteral("word%1").arg(i + 1));
            l->setTextInteractionFlags(Qt::NoTextInteraction); // not copyable: the clipboard is shared
            m_grid->addWidget(l, i % 8, i / 8);
            m_words << l;
        }
        m_written = new QCheckBox(tr("I have &written the 24 words down"), this);
        m_written->setObjectName(QStringLiteral("phraseWritten"));
        layout->addWidget(m_written);
        layout->addStretch(1);
        connect(m_written, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    }
    void initializePage() override
    {
        m_wizard->createPhrase();
        show();
    }
    void show()
    {
        for (int i = 0; i < m_words.size(); ++i) {
            m_words[i]->setText(m_wizard->m_phrase.empty()
                    ? QString()
                    : QStringLiteral("%1. %2").arg(i + 1, 2).arg(wallet::Mnemonic::word(m_wizard->m_phrase, i)));
        }
    }
    bool isComplete() const override { return m_written->isChecked() && !m_wizard->m_phrase.empty(); }
    bool validatePage() override { return isComplete(); }
    void clearWords()
    {
        for (QLabel* l : m_words)
            l->clear();
        m_written->setChecked(false);
    }

private:
    EnrolWizard* m_wizard;
    QGridLayout* m_grid;
    QList<QLabel*> m_words;
    QCheckBox* m_written;
};

class ConfirmPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ConfirmPage(EnrolWizard* wizard)
        : m_wizard(wizard)
    {
        setTitle(tr("Confirm the phrase"));
        setSubTitle(tr("Type three of the words to show they are written down. Then Cocoon forgets the phrase."));
        m_form = new QFormLayout(this);
        for (int i = 0; i < 3; ++i) {
            auto* e = new QLineEdit(this);
            e->setObjectName(QStringLiteral("confirm%1").arg(i));
            connect(e, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
            m_edits << e;
        }
        m_feedback = wrapped(QString(), this);
        m_feedback->setObjectName(QStringLiteral("confirmFeedback"));
    }
    void initializePage() override
    {
        while (m_form->rowCount() > 0)
            m_form->takeRow(0);
        for (int i = 0; i < m_edits.size(); ++i) {
            m_edits[i]->clear();
            const int position = m_wizard->m_positions.value(i);
            m_edits[i]->setAccessibleName(tr("Word number %1").arg(position + 1));
            m_form->addRow(tr("Word #%1").arg(position + 1), m_edits[i]);
        }
        m_form->addRow(m_feedback);
        m_feedback->clear();
    }
    bool isComplete() const override
    {
        return std::all_of(m_edits.begin(), m_edits.end(), [](QLineEdit* e) { return !e->text().trimmed().isEmpty(); });
    }
    bool validatePage() override
    {
        if (m_wizard->m_phrase.empty() && !m_wizard->m_createdAddress.isEmpty())
            return true; // confirmed before (the owner came back to this page)
        QStringList answers;
        for (QLineEdit* e : m_edits)
            answers << e->text();
        if (m_wizard->m_phrase.empty()
            || !wallet::Mnemonic::confirms(m_wizard->m_phrase, m_wizard->m_positions, answers)) {
            m_feedback->setText(u"<span style='color:#c0392b'>"_qs
                + tr("That does not match. Go back and check the words you wrote down.") + u"</span>"_qs);
            return false;
        }
        m_wizard->forgetPhrase();
        return true;
    }
    int nextId() const override { return EnrolWizard::Limits; }

private:
    EnrolWizard* m_wizard;
    QFormLayout* m_form;
    QList<QLineEdit*> m_edits;
    QLabel* m_feedback;
};

class LimitsPage : public QWizardPage
{
    Q_OBJECT

public:
    LimitsPage()
    {
        setTitle(tr("When may Cocoon work?"));
        setSubTitle(tr("Pick a starting point; every limit can be changed later on the Limits page."));
        auto* layout = new QVBoxLayout(this);
        const auto add = [&](const QString& name, const QString& title, const QString& text) {
            auto* b = new QRadioButton(title, this);
            b->setObjectName(name);
            layout->addWidget(b);
            auto* l = wrapped(text, this);
            l->setContentsMargins(24, 0, 0, 8);
            layout->addWidget(l);
            return b;
        };
        m_gamer = add(QStringLiteral("presetGamer"), tr("&Gamer"),
            tr("Only when you have been away for 3 minutes; never while a game or video is full screen; stops at "
               "once when you come back."));
        m_balanced = add(QStringLiteral("presetBalanced"), tr("&Balanced"),
            tr("A gentle 30% while you use the computer, everything while you are away; pauses for full-screen "
               "apps."));
        m_maximum = add(QStringLiteral("presetMaximum"), tr("&Maximum"),
            tr("All the time at full speed (a dedicated rig). Temperature and power caps still apply."));
        m_gamer->setChecked(true);
        layout->addStretch(1);
    }
    LimitsPreset preset() const
    {
        return m_maximum->isChecked() ? LimitsPreset::Maximum
            : m_balanced->isChecked() ? LimitsPreset::Balanced
                                      : LimitsPreset::Gamer;
    }

private:
    QRadioButton* m_gamer;
    QRadioButton* m_balanced;
    QRadioButton* m_maximum;
};

class NetworkPage : public QWizardPage
{
    Q_OBJECT

public:
    NetworkPage(const QString& coordinator, const QString& pin)
    {
        setTitle(tr("Which network?"));
        setSubTitle(tr("Try everything on a local demo network first, or join a coordinator."));
        auto* layout = new QVBoxLayout(this);
        m_demo = new QRadioButton(tr("The local &demo network (test TON, nothing leaves this computer)"), this);
        m_demo->setObjectName(QStringLiteral("networkDemo"));
        m_join = new QRadioButton(tr("&Join a coordinator"), this);
        m_join->setObjectName(QStringLiteral("networkJoin"));
        m_url = new QLineEdit(coordinator, this);
        m_url->setObjectName(QStringLiteral("coordinatorUrl"));
        m_url->setPlaceholderText(QStringLiteral("wss://coordinator.example:7443"));
        m_url->setAccessibleName(tr("Coordinator address"));
        m_pin = new QLineEdit(pin, this);
        m_pin->setObjectName(QStringLiteral("coordinatorPin"));
        m_pin->setPlaceholderText(tr("64 hex digits (optional: without it the system's CAs are trusted)"));
        m_pin->setAccessibleName(tr("Coordinator key pin"));
        m_feedback = wrapped(QString(), this);
        m_feedback->setObjectName(QStringLiteral("networkFeedback"));
        auto* form = new QFormLayout;
        form->addRow(tr("Address:"), m_url);
        form->addRow(tr("Key pin:"), m_pin);
        layout->addWidget(m_demo);
        layout->addWidget(m_join);
        layout->addLayout(form);
        layout->addWidget(m_feedback);
        layout->addStretch(1);
        (coordinator.isEmpty() ? m_demo : m_join)->setChecked(true);
        for (QLineEdit* e : {m_url, m_pin})
            connect(e, &QLineEdit::textChanged, this, &NetworkPage::validate);
        connect(m_join, &QRadioButton::toggled, this, &NetworkPage::validate);
        validate();
    }
    bool isComplete() const override { return m_demo->isChecked() || m_valid; }
    bool validatePage() override { return isComplete(); }
    bool demo() const { return m_demo->isChecked(); }
    QString url() const { return m_url->text().trimmed(); }
    QString pin() const { return m_pin->text().trimmed().toLower(); }

private:
    void validate()
    {
        const bool join = m_join->isChecked();
        m_url->setEnabled(join);
        m_pin->setEnabled(join);
        QString problem;
        if (join) {
            if (url().isEmpty()) {
                problem = tr("Enter the coordinator's address.");
            } else if (auto ok = Settings::validateText(*findSetting(QString::fromLatin1(keys::netCoordinator)), url());
                       !ok) {
                problem = ok.error().message;
            } else if (auto p = Settings::validateText(*findSetting(QString::fromLatin1(keys::netPin)), pin()); !p) {
                problem = p.error().message;
            }
        }
        m_valid = join && problem.isEmpty();
        m_feedback->setText(problem.isEmpty()
                ? QString()
                : u"<span style='color:#c0392b'>"_qs + problem.toHtmlEscaped() + u"</span>"_qs);
        emit completeChanged();
    }

    QRadioButton* m_demo;
    QRadioButton* m_join;
    QLineEdit* m_url;
    QLineEdit* m_pin;
    QLabel* m_feedback;
    bool m_valid = false;
};

// ---- the wizard --------------------------------------------------------------------------------

EnrolWizard::EnrolWizard(Inputs inputs, QWidget* parent)
    : QWizard(parent)
    , m_inputs(std::move(inputs))
{
    setObjectName(QStringLiteral("enrolWizard"));
    setWindowTitle(tr("Set up Cocoon Contributor"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);

    auto* welcome = new QWizardPage;
    welcome->setTitle(tr("Welcome"));
    auto* wl = new QVBoxLayout(welcome);
    wl->addWidget(wrapped(tr("<p>Cocoon Contributor puts this computer's idle GPU (and CPU) to work for the Cocoon "
                             "network and pays you in TON.</p>"
                             "<p>Jobs arrive encrypted end to end; only approved kernels run; the app steps aside "
                             "the moment you need the machine. The next pages check your hardware, measure it, and "
                             "ask where to pay you.</p>"),
        welcome));
    wl->addStretch(1);
    setPage(Welcome, welcome);

    auto* devices = new DevicesPage(m_inputs.devices);
    devices->connectBoxes();
    setPage(Devices, devices);

    auto* preflight = new QWizardPage;
    preflight->setTitle(tr("Confidential computing"));
    preflight->setSubTitle(tr("What this machine can prove about the privacy of the jobs it runs."));
    auto* pl = new QVBoxLayout(preflight);
    for (const attest::PreflightCheck& c : m_inputs.preflight) {
        QString text = QStringLiteral("<b>%1 %2</b><br>%3")
                           .arg(checkMark(c.result), c.title.toHtmlEscaped(), c.detail.toHtmlEscaped());
        if (!c.fix.isEmpty())
            text += u"<br><i>"_qs + tr("What to do: %1").arg(c.fix.toHtmlEscaped()) + u"</i>"_qs;
        auto* l = wrapped(text, preflight);
        l->setObjectName(QStringLiteral("preflightCheck"));
        l->setAccessibleName(c.title);
        pl->addWidget(l);
    }
    pl->addStretch(1);
    setPage(Preflight, preflight);

    m_benchmarkPage = new BenchmarkPage(this);
    setPage(Benchmark, m_benchmarkPage);
    setPage(Wallet, new WalletPageW(this, m_inputs.walletAddress));
    setPage(WalletPhrase, new PhrasePage(this));
    setPage(WalletConfirm, new ConfirmPage(this));
    setPage(Limits, new LimitsPage);
    setPage(Network, new NetworkPage(m_inputs.coordinator, m_inputs.pin));
    setStartId(Welcome);
}

EnrolWizard::~EnrolWizard()
{
    forgetPhrase();
}

void EnrolWizard::createPhrase()
{
    forgetPhrase();
    auto phrase = wallet::Mnemonic::generate();
    if (!phrase)
        return; // the page stays incomplete; nothing to show
    auto keys = wallet::Mnemonic::toKeys(*phrase);
    if (!keys)
        return;
    m_phrase = std::move(*phrase);
    m_positions = wallet::Mnemonic::confirmationPositions(3);
    // Non-bounceable: the form wallets show for receiving to a wallet that may not be deployed yet.
    m_createdAddress = wallet::walletAddress({}, keys->publicKey).toFriendly({false, false, true});
}

void EnrolWizard::forgetPhrase()
{
    m_phrase = SecretBytes(); // the old buffer is wiped by SecretBytes
    if (auto* p = dynamic_cast<PhrasePage*>(page(WalletPhrase)))
        p->clearWords();
}

QString EnrolWizard::phraseWord(int index) const
{
    return m_phrase.empty() ? QString() : wallet::Mnemonic::word(m_phrase, index);
}

void EnrolWizard::waitForBenchmark()
{
    m_benchmarkPage->wait();
}

EnrolChoices EnrolWizard::choices() const
{
    EnrolChoices c;
    c.excludedDevices = static_cast<DevicesPage*>(page(Devices))->excluded();
    auto* w = static_cast<WalletPageW*>(page(Wallet));
    c.walletCreated = w->creating();
    c.walletAddress = c.walletCreated ? m_createdAddress : w->pasted();
    c.preset = static_cast<LimitsPage*>(page(Limits))->preset();
    auto* n = static_cast<NetworkPage*>(page(Network));
    c.demoNetwork = n->demo();
    c.coordinator = n->url();
    c.pin = n->pin();
    c.benchmark = m_benchmarkReport;
    return c;
}

} // namespace cocoon::ui

#include "EnrolWizard.moc"
