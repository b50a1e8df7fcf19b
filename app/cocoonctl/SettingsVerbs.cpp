// cocoonctl settings list [PREFIX] | get KEY | set KEY VALUE | reset KEY
#include "VerbSupport.h"
#include "config/Settings.h"
#include "control/Control.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cocoonctl {
namespace {

QString allowedText(const cocoon::SettingSpec& s)
{
    switch (s.type) {
    case cocoon::SettingType::Bool:
        return QStringLiteral("true|false");
    case cocoon::SettingType::Int:
        return QStringLiteral("%1..%2%3")
            .arg(s.minimum)
            .arg(s.maximum)
            .arg(s.unit.isEmpty() ? QString() : QLatin1Char(' ') + s.unit);
    case cocoon::SettingType::String:
        return QStringLiteral("text");
    case cocoon::SettingType::Choice:
        return s.choices.join(u'|');
    }
    return {};
}

} // namespace

int settings(const QStringList& args)
{
    VerbRun run(QStringLiteral("Show or change settings: list | get KEY | set KEY VALUE | reset KEY."),
        QStringLiteral("list [PREFIX] | get KEY | set KEY VALUE | reset KEY"));
    run.parser().addOption({QStringLiteral("json"), QStringLiteral("Print JSON (list and get).")});
    // After the action, everything is an argument: "set KEY -3" must not read -3 as an option.
    run.parser().setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (auto rc = run.start(args))
        return *rc;
    QStringList pos = run.parser().positionalArguments();
    const bool json = run.parser().isSet(QStringLiteral("json")) || pos.removeAll(QStringLiteral("--json")) > 0;
    cocoon::Settings& store = *run.runtime().settings;
    QTextStream out(stdout);

    const QString action = pos.value(0);
    if (action == u"list" && pos.size() <= 2) {
        // An optional prefix narrows the list ("list sched" = every sched.* setting).
        const QString prefix = pos.size() == 2 ? pos[1] : QString();
        const auto listed = [&](const cocoon::SettingSpec& s) { return s.key.startsWith(prefix); };
        if (json) {
            QJsonArray arr;
            for (const auto& s : store.table()) {
                if (!listed(s))
                    continue;
                arr.append(QJsonObject {{"key", s.key}, {"value", QJsonValue::fromVariant(store.value(s.key))},
                    {"default", QJsonValue::fromVariant(s.defaultValue)}, {"allowed", allowedText(s)},
                    {"description", s.description}});
            }
            out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
            return kOk;
        }
        for (const auto& s : store.table()) {
            if (!listed(s))
                continue;
            out << s.key << " = " << store.value(s.key).toString() << (store.isDefault(s.key) ? "  (default)" : "")
                << "\n    " << s.description << " [" << allowedText(s) << "]\n";
        }
        return kOk;
    }
    if (action == u"get" && pos.size() == 2) {
        if (!store.spec(pos[1]))
            return fail(QStringLiteral("there is no setting called '%1'").arg(pos[1]));
        if (json) {
            out << QJsonDocument(QJsonObject {{"key", pos[1]}, {"value", QJsonValue::fromVariant(store.value(pos[1]))}})
                       .toJson(QJsonDocument::Compact)
                << "\n";
        } else {
            out << store.value(pos[1]).toString() << "\n";
        }
        return kOk;
    }
    // A running instance owns the file: a change goes through it (and applies at once); without
    // one, the file is changed here.
    const auto viaInstance = [&](QJsonObject request) -> std::optional<int> {
        auto r = cocoon::control::call(cocoon::control::socketName(run.runtime().paths.dataDir),
            {QStringLiteral("settings.set"), std::move(request)});
        if (!r && r.error().code == cocoon::control::ControlErrc::NotRunning)
            return std::nullopt;
        if (!r)
            return fail(r.error().message);
        out << pos[1] << " = " << r->toObject().value(QStringLiteral("value")).toVariant().toString()
            << "  (applied by the running instance)\n";
        return kOk;
    };
    if (action == u"set" && pos.size() == 3) {
        if (!store.spec(pos[1]))
            return fail(QStringLiteral("there is no setting called '%1'").arg(pos[1]));
        if (auto rc = viaInstance({{QStringLiteral("key"), pos[1]}, {QStringLiteral("text"), pos[2]}}))
            return *rc;
        auto ok = store.setFromText(pos[1], pos[2]);
        if (!ok)
            return fail(ok.error().message);
        out << pos[1] << " = " << store.value(pos[1]).toString() << "\n";
        return kOk;
    }
    if (action == u"reset" && pos.size() == 2) {
        if (!store.spec(pos[1]))
            return fail(QStringLiteral("there is no setting called '%1'").arg(pos[1]));
        if (auto rc = viaInstance({{QStringLiteral("key"), pos[1]}, {QStringLiteral("reset"), true}}))
            return *rc;
        auto ok = store.reset(pos[1]);
        if (!ok)
            return fail(ok.error().message);
        out << pos[1] << " = " << store.value(pos[1]).toString() << "  (default)\n";
        return kOk;
    }
    return fail(
        QStringLiteral("usage: cocoonctl settings list [PREFIX] | get KEY | set KEY VALUE | reset KEY"), kUsage);
}

} // namespace cocoonctl
