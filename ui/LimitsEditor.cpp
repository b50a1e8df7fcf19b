#include "LimitsEditor.h"

#include "config/Settings.h"
#include "sched/Schedule.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>

namespace cocoon::ui {
namespace {

/// The table's descriptions are English; translations (translations/) are looked up by the text.
QString describe(const SettingSpec& spec)
{
    return QCoreApplication::translate("cocoon::SettingsTable", spec.description.toUtf8().constData());
}

const QColor kAllowed(46, 160, 67);

} // namespace

// ---- ScheduleGrid ------------------------------------------------------------------------------

ScheduleGrid::ScheduleGrid(QWidget* parent)
    : QTableWidget(7, 24, parent)
{
    setObjectName(QStringLiteral("scheduleGrid"));
    setAccessibleName(tr("Weekly schedule: the hours work is allowed"));
    setEditTriggers(NoEditTriggers);
    setSelectionMode(ExtendedSelection);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(14);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QStringList hours;
    for (int h = 0; h < 24; ++h)
        hours << QString::number(h);
    setHorizontalHeaderLabels(hours);
    QStringList days;
    for (int d = 1; d <= 7; ++d)
        days << QLocale().dayName(d, QLocale::ShortFormat);
    setVerticalHeaderLabels(days);
    for (int d = 1; d <= 7; ++d) {
        for (int h = 0; h < 24; ++h) {
            setItem(d - 1, h, new QTableWidgetItem);
            paint(d, h);
        }
    }
    setMinimumHeight(verticalHeader()->defaultSectionSize() * 7 + horizontalHeader()->height() + 8);
    connect(this, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (selectedItems().size() <= 1) {
            setAllowed(row + 1, column, !allows(row + 1, column));
            emit edited();
        }
    });
}

bool ScheduleGrid::allows(int day, int hour) const
{
    return item(day - 1, hour)->data(Qt::UserRole).toBool();
}

void ScheduleGrid::setAllowed(int day, int hour, bool on)
{
    item(day - 1, hour)->setData(Qt::UserRole, on);
    paint(day, hour);
}

void ScheduleGrid::paint(int day, int hour)
{
    QTableWidgetItem* it = item(day - 1, hour);
    const bool on = it->data(Qt::UserRole).toBool();
    it->setBackground(on ? QBrush(kAllowed) : palette().base());
    // Screen readers and colour-blind users get the state in words.
    const QString text = on ? tr("%1 %2:00, allowed") : tr("%1 %2:00, not allowed");
    it->setData(Qt::AccessibleTextRole, text.arg(QLocale().dayName(day)).arg(hour));
    it->setToolTip(it->data(Qt::AccessibleTextRole).toString());
}

bool ScheduleGrid::setScheduleText(const QString& text)
{
    auto s = sched::WeeklySchedule::parse(text);
    if (!s)
        return false;
    for (int d = 1; d <= 7; ++d) {
        for (int h = 0; h < 24; ++h)
            setAllowed(d, h, s->allows(d, h));
    }
    return true;
}

QString ScheduleGrid::scheduleText() const
{
    sched::WeeklySchedule s;
    for (int d = 1; d <= 7; ++d) {
        for (int h = 0; h < 24; ++h)
            s.set(d, h, allows(d, h));
    }
    return s.toText();
}

void ScheduleGrid::setSelected(bool on)
{
    for (QTableWidgetItem* it : selectedItems())
        setAllowed(it->row() + 1, it->column(), on);
    emit edited();
}

void ScheduleGrid::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space) {
        const auto items = selectedItems();
        const bool on = items.isEmpty() ? false : !allows(items.first()->row() + 1, items.first()->column());
        for (QTableWidgetItem* it : items)
            setAllowed(it->row() + 1, it->column(), on);
        emit edited();
        return;
    }
    QTableWidget::keyPressEvent(event);
}

// ---- LimitsEditor ------------------------------------------------------------------------------

LimitsEditor::LimitsEditor(
    Settings& settings, std::function<QStringList()> runningProcesses, const QStringList& devices, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_processes(std::move(runningProcesses))
{
    setObjectName(QStringLiteral("limitsEditor"));
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* page = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    QVBoxLayout* when = addGroup(page, tr("When to work"));
    addField(when, keys::schedMode, tr("Mode"));
    addField(when, keys::schedIdleSeconds);
    addSlider(when, keys::schedDutyActive);
    addSlider(when, keys::schedDutyIdle);
    when->addWidget(new QLabel(tr("Weekly schedule (mode \"schedule\"): click an hour, or select hours and use the "
                                  "buttons; green hours are allowed."),
        content));
    m_grid = new ScheduleGrid(content);
    when->addWidget(m_grid);
    auto* gridButtons = new QHBoxLayout;
    auto* allow = new QPushButton(tr("&Allow selected hours"), content);
    auto* block = new QPushButton(tr("&Block selected hours"), content);
    gridButtons->addWidget(allow);
    gridButtons->addWidget(block);
    gridButtons->addStretch(1);
    when->addLayout(gridButtons);
    auto* gridError = new QLabel(content);
    gridError->setVisible(false);
    when->addWidget(gridError);
    connect(allow, &QPushButton::clicked, m_grid, &ScheduleGrid::allowSelected);
    connect(block, &QPushButton::clicked, m_grid, &ScheduleGrid::blockSelected);
    connect(m_grid, &ScheduleGrid::edited, this, &LimitsEditor::validateAll);
    Field schedule;
    schedule.editor = m_grid;
    schedule.error = gridError;
    schedule.read = [this] { return QVariant(m_grid->scheduleText()); };
    schedule.write = [this](const QVariant& v) { m_grid->setScheduleText(v.toString()); };
    schedule.same = [](const QVariant& a, const QVariant& b) { // the same hours, however written
        auto x = sched::WeeklySchedule::parse(a.toString());
        auto y = sched::WeeklySchedule::parse(b.toString());
        return x && y && *x == *y;
    };
    m_fields[QString::fromLatin1(keys::schedSchedule)] = std::move(schedule);

    QVBoxLayout* apps = addGroup(page, tr("Games and other programs"));
    addField(apps, keys::schedPauseFullscreen);
    addField(apps, keys::schedExclusiveApps);
    auto* pick = new QPushButton(tr("&Pick from running programs…"), content);
    pick->setObjectName(QStringLiteral("pickProcesses"));
    apps->addWidget(pick, 0, Qt::AlignLeft);
    connect(pick, &QPushButton::clicked, this, [this] { openProcessPicker(); });
    addSlider(apps, keys::schedMaxOtherGpu);

    QVBoxLayout* hardware = addGroup(page, tr("GPU temperature, power and memory"));
    addField(hardware, keys::schedTempCap);
    addField(hardware, keys::schedTempHysteresis);
    addField(hardware, keys::schedPowerCap);
    addField(hardware, keys::schedReserveVramMiB);
    addField(hardware, keys::schedReleaseVram);

    QVBoxLayout* battery = addGroup(page, tr("Battery"));
    addField(battery, keys::schedPauseOnBattery);
    addField(battery, keys::schedMinBattery);

    QVBoxLayout* perDevice = addGroup(page, tr("Per-device overrides"));
    addField(perDevice, keys::schedDeviceOverrides);
    perDevice->addWidget(new QLabel(tr("Devices on this machine: %1. Keys: mode, dutyWhileIdle, dutyWhileActive, "
                                       "temperatureCapC, powerCapW, reserveVramMiB, maxOtherGpuPercent.")
                                        .arg(devices.join(QStringLiteral(", "))),
        content));
    page->addStretch(1);

    auto* buttons = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("limitsStatus"));
    m_status->setWordWrap(true);
    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setObjectName(QStringLiteral("applyLimits"));
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertLimits"));
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    outer->addLayout(buttons);
    connect(m_apply, &QPushButton::clicked, this, &LimitsEditor::apply);
    connect(m_revert, &QPushButton::clicked, this, &LimitsEditor::revert);
    // Changes made elsewhere (cocoonctl, the wizard, the tray) show up here unless being edited.
    connect(&m_settings, &Settings::changed, this, [this](const QString& key) {
        if (key.startsWith(u"sched.") && !m_apply->isEnabled())
            revert();
    });
    revert();
}

QVBoxLayout* LimitsEditor::addGroup(QVBoxLayout* page, const QString& title)
{
    auto* box = new QGroupBox(title);
    auto* layout = new QVBoxLayout(box);
    page->addWidget(box);
    return layout;
}

void LimitsEditor::addField(QVBoxLayout* group, const char* keyName, const QString& label)
{
    const QString key = QString::fromLatin1(keyName);
    const SettingSpec* spec = m_settings.spec(key);
    if (!spec)
        return;
    QWidget* parent = group->parentWidget();
    Field f;
    auto* row = new QHBoxLayout;
    const QString text = label.isEmpty() ? describe(*spec) : label;
    switch (spec->type) {
    case SettingType::Bool: {
        auto* box = new QCheckBox(text, parent);
        f.editor = box;
        f.read = [box] { return QVariant(box->isChecked()); };
        f.write = [box](const QVariant& v) { box->setChecked(v.toBool()); };
        connect(box, &QCheckBox::toggled, this, &LimitsEditor::validateAll);
        row->addWidget(box);
        break;
    }
    case SettingType::Int: {
        auto* spin = new QSpinBox(parent);
        spin->setRange(int(spec->minimum), int(std::min<qint64>(spec->maximum, INT_MAX)));
        if (!spec->unit.isEmpty())
            spin->setSuffix(u' ' + spec->unit);
        f.editor = spin;
        f.read = [spin] { return QVariant(spin->value()); };
        f.write = [spin](const QVariant& v) { spin->setValue(v.toInt()); };
        connect(spin, &QSpinBox::valueChanged, this, &LimitsEditor::validateAll);
        auto* l = new QLabel(text, parent);
        l->setBuddy(spin);
        l->setWordWrap(true);
        row->addWidget(l, 1);
        row->addWidget(spin);
        break;
    }
    case SettingType::Choice: {
        auto* combo = new QComboBox(parent);
        combo->addItems(spec->choices);
        f.editor = combo;
        f.read = [combo] { return QVariant(combo->currentText()); };
        f.write = [combo](const QVariant& v) { combo->setCurrentText(v.toString()); };
        connect(combo, &QComboBox::currentTextChanged, this, &LimitsEditor::validateAll);
        auto* l = new QLabel(text, parent);
        l->setBuddy(combo);
        row->addWidget(l, 1);
        row->addWidget(combo);
        combo->setToolTip(describe(*spec));
        break;
    }
    case SettingType::String: {
        auto* edit = new QLineEdit(parent);
        f.editor = edit;
        f.read = [edit] { return QVariant(edit->text().trimmed()); };
        f.write = [edit](const QVariant& v) { edit->setText(v.toString()); };
        connect(edit, &QLineEdit::textChanged, this, &LimitsEditor::validateAll);
        auto* l = new QLabel(text, parent);
        l->setBuddy(edit);
        l->setWordWrap(true);
        group->addWidget(l);
        row->addWidget(edit, 1);
        break;
    }
    }
    f.editor->setObjectName(key);
    f.editor->setAccessibleName(text);
    f.editor->setToolTip(describe(*spec));
    group->addLayout(row);
    f.error = new QLabel(parent);
    f.error->setObjectName(key + QStringLiteral(".error"));
    f.error->setWordWrap(true);
    f.error->setStyleSheet(QStringLiteral("color: #c0392b"));
    f.error->setVisible(false);
    group->addWidget(f.error);
    m_fields[key] = std::move(f);
}

void LimitsEditor::addSlider(QVBoxLayout* group, const char* keyName)
{
    const QString key = QString::fromLatin1(keyName);
    const SettingSpec* spec = m_settings.spec(key);
    if (!spec)
        return;
    QWidget* parent = group->parentWidget();
    auto* label = new QLabel(describe(*spec), parent);
    label->setWordWrap(true);
    auto* slider = new QSlider(Qt::Horizontal, parent);
    slider->setRange(int(spec->minimum), int(spec->maximum));
    slider->setPageStep(10);
    slider->setTickPosition(QSlider::TicksBelow);
    slider->setTickInterval(10);
    slider->setObjectName(key);
    slider->setAccessibleName(describe(*spec));
    label->setBuddy(slider);
    auto* value = new QLabel(parent);
    value->setMinimumWidth(48);
    const QString unit = spec->unit;
    connect(slider, &QSlider::valueChanged, value,
        [value, unit](int v) { value->setText(QStringLiteral("%1 %2").arg(v).arg(unit)); });
    connect(slider, &QSlider::valueChanged, this, &LimitsEditor::validateAll);
    auto* row = new QHBoxLayout;
    row->addWidget(slider, 1);
    row->addWidget(value);
    group->addWidget(label);
    group->addLayout(row);
    Field f;
    f.editor = slider;
    f.error = new QLabel(parent);
    f.error->setVisible(false);
    group->addWidget(f.error);
    f.read = [slider] { return QVariant(slider->value()); };
    f.write = [slider](const QVariant& v) { slider->setValue(v.toInt()); };
    m_fields[key] = std::move(f);
}

void LimitsEditor::validateAll()
{
    if (m_loading)
        return;
    bool anyInvalid = false;
    bool anyChanged = false;
    for (auto& [key, f] : m_fields) {
        const SettingSpec* spec = m_settings.spec(key);
        auto ok = Settings::validate(*spec, f.read());
        const bool invalid = !ok;
        f.error->setText(invalid ? tr("Not accepted: %1").arg(ok.error().message) : QString());
        f.error->setVisible(invalid);
        f.editor->setProperty("invalid", invalid);
        anyInvalid = anyInvalid || invalid;
        anyChanged = anyChanged || (ok && changed(key, f, *ok));
    }
    m_apply->setEnabled(anyChanged && !anyInvalid);
    m_revert->setEnabled(anyChanged || anyInvalid);
    if (anyInvalid)
        m_status->setText(tr("Fix the fields marked in red to apply."));
    else if (anyChanged)
        m_status->setText(tr("Changes not applied yet."));
}

bool LimitsEditor::apply()
{
    QList<QPair<QString, QVariant>> changes;
    QStringList problems;
    for (auto& [key, f] : m_fields) {
        auto ok = Settings::validate(*m_settings.spec(key), f.read());
        if (!ok) {
            problems << key;
            f.error->setText(tr("Not accepted: %1").arg(ok.error().message));
            f.error->setVisible(true);
        } else if (changed(key, f, *ok)) {
            changes.append({key, *ok});
        }
    }
    if (!problems.isEmpty()) {
        m_status->setText(tr("Nothing was applied: fix the fields marked in red."));
        return false;
    }
    for (const auto& [key, value] : changes) {
        if (auto ok = m_settings.set(key, value); !ok) {
            m_status->setText(tr("Could not save %1: %2").arg(key, ok.error().message));
            return false;
        }
    }
    revert();
    m_status->setText(changes.isEmpty() ? tr("Nothing to apply.")
                                        : tr("Applied %n change(s); in effect now.", nullptr, int(changes.size())));
    return true;
}

void LimitsEditor::revert()
{
    m_loading = true;
    for (auto& [key, f] : m_fields) {
        f.write(m_settings.value(key));
        f.error->setVisible(false);
        f.editor->setProperty("invalid", false);
    }
    m_loading = false;
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);
    m_status->clear();
}

bool LimitsEditor::changed(const QString& key, const Field& f, const QVariant& value) const
{
    return !f.same(value, m_settings.value(key));
}

QWidget* LimitsEditor::field(const QString& key) const
{
    auto it = m_fields.find(key);
    return it == m_fields.end() ? nullptr : it->second.editor;
}

QString LimitsEditor::errorFor(const QString& key) const
{
    auto it = m_fields.find(key);
    return it == m_fields.end() || !it->second.error->isVisible() ? QString() : it->second.error->text();
}

QDialog* LimitsEditor::openProcessPicker()
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("processPicker"));
    dialog->setWindowTitle(tr("Pause while these programs run"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(
        new QLabel(tr("Tick the programs (games, editors, renderers) that need the GPU to themselves."), dialog));
    auto* list = new QListWidget(dialog);
    list->setObjectName(QStringLiteral("processList"));
    list->setAccessibleName(tr("Running programs"));
    auto* edit = static_cast<QLineEdit*>(field(QString::fromLatin1(keys::schedExclusiveApps)));
    QStringList current;
    for (const QString& a : edit->text().split(u',', Qt::SkipEmptyParts))
        current << a.trimmed();
    QStringList names = m_processes ? m_processes() : QStringList();
    names.removeDuplicates();
    names.sort(Qt::CaseInsensitive);
    for (const QString& n : names) {
        auto* it = new QListWidgetItem(n, list);
        it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
        it->setCheckState(current.contains(n) ? Qt::Checked : Qt::Unchecked);
    }
    if (names.isEmpty())
        layout->addWidget(new QLabel(tr("The running programs could not be read yet; type names instead."), dialog));
    layout->addWidget(list, 1);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [edit, list, current] {
        QStringList chosen = current;
        for (int i = 0; i < list->count(); ++i) {
            const QString n = list->item(i)->text();
            if (list->item(i)->checkState() == Qt::Checked && !chosen.contains(n))
                chosen << n;
            else if (list->item(i)->checkState() != Qt::Checked)
                chosen.removeAll(n);
        }
        edit->setText(chosen.join(QStringLiteral(", ")));
    });
    dialog->resize(360, 420);
    dialog->open();
    return dialog;
}

} // namespace cocoon::ui
