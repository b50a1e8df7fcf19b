#include "ActivityPage.h"

#include "common/Logging.h"
#include "sched/Scheduler.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cocoon::ui {

ActivityPage::ActivityPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("activity"));
    auto* layout = new QVBoxLayout(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    layout->addWidget(split);

    auto* top = new QWidget(split);
    auto* tl = new QVBoxLayout(top);
    tl->setContentsMargins(0, 0, 0, 0);
    tl->addWidget(new QLabel(tr("<b>Why it paused</b> — every change of state, newest first"), top));
    m_timeline = new QListWidget(top);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setAccessibleName(tr("Pause and resume history"));
    tl->addWidget(m_timeline);

    auto* bottom = new QWidget(split);
    auto* bl = new QVBoxLayout(bottom);
    bl->setContentsMargins(0, 0, 0, 0);
    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("<b>Log</b>"), bottom));
    m_level = new QComboBox(bottom);
    m_level->setObjectName(QStringLiteral("logLevel"));
    m_level->setAccessibleName(tr("Lowest level shown"));
    m_level->addItem(tr("Debug and above"), int(spdlog::level::debug));
    m_level->addItem(tr("Info and above"), int(spdlog::level::info));
    m_level->addItem(tr("Warnings and errors"), int(spdlog::level::warn));
    m_level->addItem(tr("Errors only"), int(spdlog::level::err));
    m_level->setCurrentIndex(1);
    m_subsystem = new QComboBox(bottom);
    m_subsystem->setObjectName(QStringLiteral("logSubsystem"));
    m_subsystem->setAccessibleName(tr("Subsystem shown"));
    m_subsystem->addItem(tr("All subsystems"), QString());
    for (std::string_view s : log::kSubsystems)
        m_subsystem->addItem(
            QString::fromLatin1(s.data(), qsizetype(s.size())), QString::fromLatin1(s.data(), qsizetype(s.size())));
    m_search = new QLineEdit(bottom);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Filter text"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter the log by text"));
    filters->addWidget(m_level);
    filters->addWidget(m_subsystem);
    filters->addWidget(m_search, 1);
    bl->addLayout(filters);
    m_log = new QTableWidget(0, 4, bottom);
    m_log->setObjectName(QStringLiteral("logTable"));
    m_log->setAccessibleName(tr("Application log"));
    m_log->setHorizontalHeaderLabels({tr("Time"), tr("Level"), tr("Subsystem"), tr("Message")});
    m_log->horizontalHeader()->setStretchLastSection(true);
    m_log->verticalHeader()->setVisible(false);
    m_log->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setWordWrap(false);
    bl->addWidget(m_log);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    const auto refilter = [this] {
        m_seen = ~0ull;
        refreshLog();
    };
    connect(m_level, &QComboBox::currentIndexChanged, this, refilter);
    connect(m_subsystem, &QComboBox::currentIndexChanged, this, refilter);
    connect(m_search, &QLineEdit::textChanged, this, refilter);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ActivityPage::refreshLog);
}

void ActivityPage::attachScheduler(sched::Scheduler* scheduler)
{
    m_timeline->clear();
    for (const auto& c : scheduler->history().entries())
        m_timeline->insertItem(0, timelineText(c));
    connect(scheduler, &sched::Scheduler::stateChanged, this,
        [this](const sched::StateChange& c) { m_timeline->insertItem(0, timelineText(c)); });
}

QString ActivityPage::timelineText(const sched::StateChange& c)
{
    const QString when = c.at.toLocalTime().toString(QStringLiteral("ddd HH:mm:ss"));
    return c.run ? tr("%1  %2 working at %3%").arg(when, c.device).arg(c.dutyPercent)
                 : tr("%1  %2 paused: %3").arg(when, c.device, c.explanations.join(QStringLiteral("; ")));
}

void ActivityPage::setLogSource(std::function<std::uint64_t()> count, std::function<std::vector<log::LogLine>()> lines)
{
    m_count = std::move(count);
    m_lines = std::move(lines);
    m_seen = ~0ull;
    refreshLog();
}

void ActivityPage::refreshLog()
{
    const std::uint64_t count = m_count ? m_count() : log::recentCount();
    if (count == m_seen)
        return;
    m_seen = count;
    const int minLevel = m_level->currentData().toInt();
    const QString subsystem = m_subsystem->currentData().toString();
    const QString needle = m_search->text().trimmed();
    const bool atBottom = m_log->verticalScrollBar()->value() == m_log->verticalScrollBar()->maximum();
    std::vector<log::LogLine> shown;
    for (auto& line : m_lines ? m_lines() : log::recent()) {
        if (int(line.level) < minLevel || (!subsystem.isEmpty() && line.subsystem != subsystem)
            || (!needle.isEmpty() && !line.text.contains(needle, Qt::CaseInsensitive)))
            continue;
        shown.push_back(std::move(line));
    }
    m_log->setRowCount(int(shown.size()));
    for (int i = 0; i < int(shown.size()); ++i) {
        const log::LogLine& l = shown[std::size_t(i)];
        const auto levelName = spdlog::level::to_string_view(l.level);
        const QString cells[] = {l.timeUtc.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
            QString::fromLatin1(levelName.data(), qsizetype(levelName.size())), l.subsystem, l.text};
        for (int col = 0; col < 4; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (l.level >= spdlog::level::warn)
                item->setForeground(l.level >= spdlog::level::err ? QColor(192, 57, 43) : QColor(176, 112, 0));
            m_log->setItem(i, col, item);
        }
    }
    m_log->resizeColumnToContents(0);
    if (atBottom)
        m_log->scrollToBottom();
}

void ActivityPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshLog();
    m_timer.start();
}

void ActivityPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

} // namespace cocoon::ui
