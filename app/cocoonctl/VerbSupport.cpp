#include "VerbSupport.h"

#include <QCoreApplication>
#include <QTextStream>

namespace cocoonctl {

int fail(const QString& message, int code)
{
    QTextStream(stderr) << "cocoonctl: " << message << Qt::endl;
    return code;
}

VerbRun::VerbRun(const QString& description, const QString& positional, bool versionOption)
    : m_versionOption(versionOption)
{
    m_parser.setApplicationDescription(description);
    cocoon::addCommonOptions(m_parser, versionOption);
    if (!positional.isEmpty()) {
        m_parser.addPositionalArgument(QStringLiteral("args"), positional);
    }
}

std::optional<int> VerbRun::start(const QStringList& args)
{
    if (!m_parser.parse(args)) {
        return fail(m_parser.errorText() + QStringLiteral(" (see --help)"), kUsage);
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << m_parser.helpText();
        return kOk;
    }
    if (m_versionOption && m_parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "cocoonctl " << QCoreApplication::applicationVersion() << Qt::endl;
        return kOk;
    }
    cocoon::RuntimeOptions options;
    options.defaultStderrLevel = spdlog::level::warn;
    auto rt = cocoon::startRuntime(m_parser, m_clock, options);
    if (!rt) {
        return fail(rt.error());
    }
    m_runtime.emplace(std::move(*rt));
    return std::nullopt;
}

std::optional<QString> VerbRun::required(const QString& name)
{
    if (!m_parser.isSet(name)) {
        fail(QStringLiteral("--%1 is required (see --help)").arg(name), kUsage);
        return std::nullopt;
    }
    return m_parser.value(name);
}

} // namespace cocoonctl
