// cocoonctl: the command-line tool for users and scripts. Dispatches verbs; see Verbs.h.
#include "Harden.h"
#include "Runtime.h"
#include "Verbs.h"
#include "common/Logging.h"
#include "common/Version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <functional>
#include <map>

namespace {

const char* kUsageText
    = "Usage: cocoonctl [--data-dir DIR] [--log-level LEVEL] VERB [options]\n"
      "\n"
      "Verbs:\n"
      "  status [--json]                        the running app (desktop or --headless) of this data directory:\n"
      "                                          network, privacy tier, what each device does and why, earnings\n"
      "  pause | resume                          pause or resume all work in the running app\n"
      "  snooze DURATION                         pause for 15m, 1h, 2h30m, 90 (minutes) or until 'tomorrow'\n"
      "  limits get | limits set KEY VALUE       the running app's scheduling limits; set applies at once\n"
      "  jobs [--limit N] [--json]               the running app's latest jobs (newest first)\n"
      "  keygen   --out KEY.pem [--force]        create an X25519 private key (mode 0600), print its public key\n"
      "  pubkey   --key KEY.pem                  print the public key (64 hex characters) of a private key\n"
      "  seal     --to PUBHEX --purpose P --in FILE|- --out FILE|-\n"
      "           [--aad-hex HEX] [--aead aes-256-gcm|chacha20-poly1305] [--chunk-size N]\n"
      "                                          seal bytes so that only the key's holder can open them\n"
      "  open     --key KEY.pem --purpose P --in FILE|- --out FILE|- [--aad-hex HEX]\n"
      "                                          open a sealed envelope (nothing is written unless it all verifies)\n"
      "  run-local --kernel NAME --params JSON --in FILE --out FILE [--backend cpu|cuda] [--json]\n"
      "                                          run one catalogue kernel on plaintext files; print units and timing\n"
      "  receipt verify FILE                     check a signed job receipt and print it as JSON\n"
      "  bench preempt [--backend cpu|cuda] [--runs N]\n"
      "                                          measure stop latency, duty-cycle accuracy, slicing loss (JSON)\n"
      "  devices [--json]                        compute devices, NVIDIA GPUs (NVML), confidential computing,\n"
      "                                          and one reading of load, memory, temperature and power\n"
      "  attest local [--bundle FILE]            the evidence this machine can produce, and its tier (JSON);\n"
      "                                          --bundle also writes the CBOR evidence bundle sent with the hello\n"
      "  attest verify --bundle FILE [--identity HEX] [--session HEX] [--gpu]\n"
      "                                          check a node's bundle: binding, every report, the tier it earns\n"
      "  attest verify (--sev-report FILE --vcek FILE --chain FILE | --tdx-quote FILE |\n"
      "           --nvidia-report FILE --nvidia-chain FILE [--nonce HEX]) [--expect-report-data HEX] [--allow-debug]\n"
      "                                          verify AMD SEV-SNP, Intel TDX or NVIDIA GPU evidence offline;\n"
      "                                          JSON verdict, exit 0 only if valid\n"
      "  sched status [--json] | sched watch    what the scheduler sees (idle, full screen, power; and\n"
      "                                          where from) and decides per device; watch: JSON per change\n"
      "  wallet new [--testnet] [--json]         create a TON wallet: 24-word phrase (shown once, never stored)\n"
      "                                          and its v4r2 and v5r1 addresses\n"
      "  wallet from-mnemonic [--testnet]        words on stdin -> public key and v4r2/v5r1 addresses\n"
      "  wallet address --pubkey HEX [--version v4r2|v5r1] [--testnet]\n"
      "                                          wallet addresses of a public key (raw, bounceable, non-bounceable)\n"
      "  wallet check ADDRESS                    parse any address form; JSON, exit 0 only if valid\n"
      "  wallet status ADDRESS [--endpoint URL] [--json]\n"
      "                                          balance, state, seqno and payouts from toncenter; cached offline\n"
      "  submit   --coordinator wss://HOST:PORT --pin HEX --kernel NAME --params JSON --in FILE --out FILE\n"
      "           [--min-tier sealed|confidential] [--price-nano N] [--json]\n"
      "                                          run a kernel on the network: verify a node's evidence, seal to it,\n"
      "                                          wait, open and check the result (PNG/JPEG for media kernels)\n"
      "  chat     --coordinator wss://HOST:PORT --pin HEX --model SHA256|NAME [--prompt TEXT] [--system TEXT]\n"
      "                                          talk to a language model on the network; answers stream back sealed\n"
      "  serve    --coordinator wss://HOST:PORT --pin HEX [--listen 127.0.0.1:8080] [--api-key KEY]\n"
      "                                          the OpenAI API (/v1/chat/completions, /v1/models) for any client\n"
      "  earnings [--by hour|day|week|month|kernel|gpu] [--from DATE] [--to DATE] [--csv|--json] [--demo]\n"
      "                                          pending, credited and paid TON from the local ledger\n"
      "  coordinator keys | forget HOST:PORT [--demo]\n"
      "                                          coordinator keys this node pinned; forget one its operator replaced\n"
      "  settings list [PREFIX] | get KEY | set KEY VALUE | reset KEY\n"
      "                                          show or change settings (the store the app uses)\n"
      "\n"
      "Run 'cocoonctl VERB --help' for a verb's options. Options: --help, --version.\n";

} // namespace

int main(int argc, char** argv)
{
    // seal, open, keygen and wallet verbs hold plaintext and keys: never in a core file. A
    // failure here only loses that protection, so the verbs still run.
    (void)cocoon::disableCoreDumps();
    QCoreApplication app(argc, argv);
    cocoon::setApplicationIdentity(QStringLiteral("cocoon-contributor"));
    QCoreApplication::setApplicationName(QStringLiteral("cocoon-contributor"));

    const QStringList args = app.arguments();
    // The verb is the first argument that is neither an option nor the value of a common option.
    int verbAt = -1;
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--data-dir" || a == u"--log-level") {
            ++i;
            continue;
        }
        if (!a.startsWith(u'-')) {
            verbAt = i;
            break;
        }
    }
    QTextStream out(stdout);
    if (verbAt < 0) {
        if (args.contains(QStringLiteral("--version")) || args.contains(QStringLiteral("-v"))) {
            out << "cocoonctl " << COCOON_VERSION << Qt::endl;
            return cocoonctl::kOk;
        }
        if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
            out << kUsageText;
            return cocoonctl::kOk;
        }
        QTextStream(stderr) << "cocoonctl: no verb given\n\n" << kUsageText;
        return cocoonctl::kUsage;
    }

    const std::map<QString, std::function<int(const QStringList&)>> verbs = {
        {QStringLiteral("keygen"), cocoonctl::keygen},
        {QStringLiteral("pubkey"), cocoonctl::pubkey},
        {QStringLiteral("seal"), cocoonctl::seal},
        {QStringLiteral("open"), cocoonctl::open},
        {QStringLiteral("settings"), cocoonctl::settings},
        {QStringLiteral("run-local"), cocoonctl::runLocal},
        {QStringLiteral("receipt"), cocoonctl::receipt},
        {QStringLiteral("bench"), cocoonctl::bench},
        {QStringLiteral("sched"), cocoonctl::sched},
        {QStringLiteral("devices"), cocoonctl::devices},
        {QStringLiteral("attest"), cocoonctl::attest},
        {QStringLiteral("wallet"), cocoonctl::wallet},
        {QStringLiteral("earnings"), cocoonctl::earnings},
        {QStringLiteral("coordinator"), cocoonctl::coordinator},
        {QStringLiteral("submit"), cocoonctl::submit},
        {QStringLiteral("chat"), cocoonctl::chat},
        {QStringLiteral("serve"), cocoonctl::serve},
        {QStringLiteral("status"), cocoonctl::control},
        {QStringLiteral("pause"), cocoonctl::control},
        {QStringLiteral("resume"), cocoonctl::control},
        {QStringLiteral("snooze"), cocoonctl::control},
        {QStringLiteral("limits"), cocoonctl::control},
        {QStringLiteral("jobs"), cocoonctl::control},
    };
    const QString verb = args[verbAt];
    const auto it = verbs.find(verb);
    if (it == verbs.end()) {
        QTextStream(stderr) << "cocoonctl: unknown verb '" << verb << "'\n\n" << kUsageText;
        return cocoonctl::kUsage;
    }
    QStringList verbArgs = args;
    verbArgs.removeAt(verbAt);
    verbArgs[0] = QStringLiteral("cocoonctl ") + verb;
    const int rc = it->second(verbArgs);
    cocoon::log::shutdown();
    return rc;
}
