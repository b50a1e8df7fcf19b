// ai.generate on a tiny random-weight llama model made at test time (no download): the kernel's
// tokens equal llama.cpp's own greedy decoding; stop/resume (with the model unloaded in between)
// equals an uninterrupted run; stop strings end the text and the stream never takes anything
// back; the model's hash, size and file are checked; a whole sealed job streams chunks that the
// owner opens and that the signed receipt covers.
#include "JobSamples.h"
#include "ManualClock.h"
#include "TestSupport.h"
#include "common/Bytes.h"
#include "crypto/Hash.h"
#include "jobs/Catalogue.h"
#include "jobs/Job.h"
#include "jobs/Owner.h"
#include "llm/TinyModel.h"

#include <QCborArray>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <algorithm>
#include <ggml-cpu.h>
#include <llama.h>
#include <map>
#include <thread>

using namespace cocoon;
using namespace cocoon::kernels;

namespace {

struct Run
{
    std::string text;
    GenerateOutput header;
    std::vector<std::string> streamed; ///< the committed text after each step
    std::string device;
    std::string error;
};

/// A vocab-only GGUF in llama.cpp's source tree (empty for the built-in vocab).
std::string vocabFile(const QString& vocab)
{
    if (vocab == u"built-in")
        return {};
    return QStringLiteral("%1/models/ggml-vocab-%2.gguf")
        .arg(QLatin1String(COCOON_LLAMA_SOURCE_DIR), vocab)
        .toStdString();
}

std::vector<std::uint8_t> chat(const std::string& user)
{
    return encodeChat({{ChatRole::System, "You are terse."}, {ChatRole::User, user}});
}

} // namespace

class TestGenerate : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_model;
    GenerateParams m_base;
    std::map<QString, std::pair<std::string, GenerateParams>> m_models; ///< by vocab

    /// A tiny model with `vocab`'s tokenizer, made once per test run.
    bool makeModel(const QString& vocab, std::string& path, GenerateParams& base)
    {
        if (auto it = m_models.find(vocab); it != m_models.end()) {
            std::tie(path, base) = it->second;
            return true;
        }
        path = m_dir.filePath(QStringLiteral("tiny-%1.gguf").arg(vocab)).toStdString();
        TinyModelSpec spec;
        spec.vocabFile = vocabFile(vocab);
        std::string error;
        if (!writeTinyModel(path, spec, error)) {
            qWarning("%s", error.c_str());
            return false;
        }
        QFile f(QString::fromStdString(path));
        if (!f.open(QIODevice::ReadOnly))
            return false;
        const QByteArray all = f.readAll();
        const Sha256 h = sha256(all);
        std::copy(h.begin(), h.end(), base.model.begin());
        base.modelBytes = std::uint64_t(all.size());
        m_models[vocab] = {path, base};
        return true;
    }

    GenerateParams params(const std::vector<std::uint8_t>& input, std::uint32_t maxTokens = 24) const
    {
        GenerateParams p = m_base;
        p.inputBytes = input.size();
        p.maxTokens = maxTokens;
        p.contextTokens = 512;
        return p;
    }

    Run generate(const GenerateParams& p, const std::vector<std::uint8_t>& input, int releaseAt = -1,
        const std::string& model = {}, int cudaDevice = -1)
    {
        Run r;
        std::vector<std::uint8_t> out(kGenerateHeaderBytes + p.maxTokens * kBytesPerToken);
        std::string error;
        auto task = makeGenerateTask(p, model.empty() ? m_model : model, input, out, cudaDevice, error);
        if (!task) {
            r.error = error;
            return r;
        }
        for (std::size_t i = 0; i < task->stepCount() && !task->finished(); ++i) {
            if (int(i) == releaseAt)
                task->releaseDevice();
            if (!task->runStep(i, error)) {
                r.error = error;
                return r;
            }
            const auto s = task->streamed();
            r.streamed.emplace_back(reinterpret_cast<const char*>(s.data()), s.size());
        }
        r.device = task->device();
        const auto h = generateOutput(out);
        if (!h) {
            r.error = "malformed output";
            return r;
        }
        r.header = *h;
        r.text = std::string(h->text);
        return r;
    }

    /// llama.cpp's own greedy decoding of the same chat: the whole prompt in one batch, then
    /// llama_sampler_init_greedy token by token.
    std::string reference(const std::vector<std::uint8_t>& input, int maxTokens, int* tokens)
    {
        llama_model_params mp = llama_model_default_params();
        llama_model* model = llama_model_load_from_file(m_model.c_str(), mp);
        if (!model)
            return "<no model>";
        llama_context_params cp = llama_context_default_params();
        cp.n_ctx = 512;
        // As many threads as the kernel uses.
        cp.n_threads = cp.n_threads_batch = generateThreads(m_base.modelBytes);
        llama_context* ctx = llama_init_from_model(model, cp);
        ggml_threadpool_params tp = ggml_threadpool_params_default(cp.n_threads);
        tp.poll = 0; // as the kernel does: no spinning against the other suites ctest runs
        ggml_threadpool* pool = ggml_threadpool_new(&tp);
        llama_attach_threadpool(ctx, pool, pool);
        const llama_vocab* vocab = llama_model_get_vocab(model);
        std::string why;
        const auto msgs = *decodeChat(input, why);
        std::vector<llama_chat_message> cm;
        static const char* roles[] = {"system", "user", "assistant"};
        for (const auto& m : msgs)
            cm.push_back({roles[int(m.role)], m.content.c_str()});
        std::vector<char> buf(4096);
        const int n = llama_chat_apply_template(
            llama_model_chat_template(model, nullptr), cm.data(), cm.size(), true, buf.data(), int(buf.size()));
        std::vector<llama_token> prompt(512);
        prompt.resize(std::size_t(llama_tokenize(vocab, buf.data(), n, prompt.data(), 512, true, true)));
        llama_sampler* greedy = llama_sampler_init_greedy();
        std::string text;
        llama_decode(ctx, llama_batch_get_one(prompt.data(), int(prompt.size())));
        *tokens = 0;
        for (int i = 0; i < maxTokens; ++i) {
            llama_token t = llama_sampler_sample(greedy, ctx, -1);
            ++*tokens;
            if (llama_vocab_is_eog(vocab, t))
                break;
            char piece[256];
            const int len = llama_token_to_piece(vocab, t, piece, sizeof piece, 0, false);
            text.append(piece, std::size_t(std::max(len, 0)));
            llama_decode(ctx, llama_batch_get_one(&t, 1));
        }
        llama_sampler_free(greedy);
        llama_free(ctx);
        ggml_threadpool_free(pool);
        llama_model_free(model);
        return text;
    }

private slots:
    void initTestCase()
    {
        if (!llmAvailable())
            QSKIP("this build has no LLM engine (COCOON_LLM=OFF)");
        // llama.cpp's own SentencePiece vocab (from its source tree) for most cases.
        QVERIFY(makeModel(QStringLiteral("llama-spm"), m_model, m_base));
    }

    void greedyEqualsLlamaCpp_data()
    {
        QTest::addColumn<QString>("vocab");
        QTest::addColumn<QString>("prompt");
        const QString longer = QString("Tell me about the sea and the ships that sail it, ").repeated(6);
        const QString unicode = QString::fromUtf8("Привет, мир! 你好 🌍");
        // Tokenizers of three kinds: SentencePiece and BPE vocabs from llama.cpp's tree, and the
        // built-in byte-level one the demo network serves.
        for (const char* vocab : {"llama-spm", "gpt-2", "qwen2", "built-in"}) {
            QTest::addRow("%s, short", vocab) << vocab << "Hello";
            QTest::addRow("%s, longer than a prompt batch", vocab) << vocab << longer;
            QTest::addRow("%s, unicode", vocab) << vocab << unicode;
        }
    }
    void greedyEqualsLlamaCpp()
    {
        QFETCH(QString, vocab);
        QFETCH(QString, prompt);
        std::string model;
        GenerateParams base;
        QVERIFY(makeModel(vocab, model, base));
        const std::string saved = m_model;
        const GenerateParams savedBase = m_base;
        m_model = model;
        m_base = base;
        const auto restore = qScopeGuard([&] {
            m_model = saved;
            m_base = savedBase;
        });
        const auto input = chat(prompt.toStdString());
        const Run r = generate(params(input, 32), input);
        QVERIFY2(r.error.empty(), r.error.c_str());
        int tokens = 0;
        const std::string expected = reference(input, 32, &tokens);
        QCOMPARE(QString::fromStdString(r.text), QString::fromStdString(expected));
        QCOMPARE(int(r.header.completionTokens), tokens);
        QVERIFY(r.header.promptTokens > 5);
        QVERIFY(!r.text.empty());
        QVERIFY2(r.device.find("llama.cpp") != std::string::npos, r.device.c_str());
    }

    void stopAndReloadEqualsUninterrupted()
    {
        const auto input = chat("Count to ten");
        auto p = params(input, 40);
        p.temperatureMilli = 800;
        p.topPMilli = 900;
        p.topK = 40;
        p.seed = 7;
        const Run whole = generate(p, input);
        QVERIFY2(whole.error.empty(), whole.error.c_str());
        for (int at : {1, 5, 17}) {
            const Run resumed = generate(p, input, at);
            QVERIFY2(resumed.error.empty(), resumed.error.c_str());
            QCOMPARE(QString::fromStdString(resumed.text), QString::fromStdString(whole.text));
            QCOMPARE(resumed.header.reloads, 1u);
        }
        p.seed = 8;
        QVERIFY(generate(p, input).text != whole.text); // the seed matters
    }

    /// A job given a CUDA device goes through the CUDA plugin's llama.cpp when the plugin has one
    /// (the real plugin built with -DCOCOON_LLM_CUDA=ON on a GPU machine, or the test double, which
    /// runs the CPU build behind the same ABI), and otherwise runs on the CPU with the reason in
    /// its device string. Either way the greedy text is the CPU's, also when the device is given
    /// back mid-generation. ctest runs this case in several ways (COCOON_TEST_GENERATE_CUDA says which
    /// path it must take): as it finds the machine, with the plugin double, with a double built
    /// without llama.cpp, and (in a -DCOCOON_LLM_CUDA=ON build) the real plugin over the CUDA
    /// toolkit's stub driver library, which reports no device, so that the plugin's own llama.cpp
    /// runs the job on its CPU backend.
    void generateOnCudaDevice()
    {
        const auto input = chat("Hello there");
        const auto p = params(input, 16);
        const Run cpu = generate(p, input);
        QVERIFY2(cpu.error.empty(), cpu.error.c_str());
        const Run dev = generate(p, input, -1, {}, 0);
        QVERIFY2(dev.error.empty(), dev.error.c_str());
        const bool onDevice = dev.device.starts_with("cuda:0 ");
        qInfo("ran on %s", dev.device.c_str());
        // "plugin": it must run behind the plugin; "cpu:WHY": on the CPU, for a reason that says WHY.
        const QByteArray expect = qgetenv("COCOON_TEST_GENERATE_CUDA");
        if (expect == "plugin")
            QVERIFY2(onDevice, dev.device.c_str());
        if (expect.startsWith("cpu:")) {
            QVERIFY2(!onDevice, dev.device.c_str());
            QVERIFY2(dev.device.find(expect.mid(4).toStdString()) != std::string::npos, dev.device.c_str());
        }
        if (!onDevice) {
            QVERIFY2(dev.device.starts_with("cpu: llama.cpp"), dev.device.c_str());
            QVERIFY2(dev.device.find("; it ran on the CPU") != std::string::npos, dev.device.c_str());
        } else {
            QVERIFY2(dev.device.find(": llama.cpp") != std::string::npos, dev.device.c_str());
        }
        QCOMPARE(QString::fromStdString(dev.text), QString::fromStdString(cpu.text));
        QCOMPARE(dev.header.completionTokens, cpu.header.completionTokens);
        // Given back after the prompt and two tokens, then taken again.
        const Run resumed = generate(p, input, 3, {}, 0);
        QVERIFY2(resumed.error.empty(), resumed.error.c_str());
        QCOMPARE(QString::fromStdString(resumed.text), QString::fromStdString(cpu.text));
        QCOMPARE(resumed.header.reloads, 1u);
        QVERIFY2(resumed.device.find("model reloaded after a long pause") != std::string::npos, resumed.device.c_str());
        // No such device: refused by the plugin, or the CPU's answer with the reason.
        const Run other = generate(p, input, -1, {}, 7);
        QVERIFY(other.error.empty() ? !other.device.starts_with("cuda:7") : other.error.find("7") != std::string::npos);
    }

    void stopStringsEndTheTextAndTheStreamNeverRetracts()
    {
        const auto input = chat("Hello");
        const Run free = generate(params(input, 40), input);
        QVERIFY(free.text.size() > 12);
        const std::string stop = free.text.substr(free.text.size() / 2, 3);
        auto p = params(input, 40);
        p.stop = {"\x01\x02 never", stop};
        const Run r = generate(p, input);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QCOMPARE(r.header.finish, FinishReason::Stop);
        QCOMPARE(QString::fromStdString(r.text), QString::fromStdString(free.text.substr(0, free.text.find(stop))));
        std::string last;
        for (const auto& s : r.streamed) {
            QVERIFY(s.size() >= last.size());
            QVERIFY(r.text.compare(0, s.size(), s) == 0); // every committed prefix survives
            last = s;
        }
        QCOMPARE(QString::fromStdString(last), QString::fromStdString(r.text));
    }

    void lengthLimit()
    {
        const auto input = chat("Hello");
        const Run r = generate(params(input, 5), input);
        QCOMPARE(r.header.finish, FinishReason::Length);
        QCOMPARE(r.header.completionTokens, 5u);
    }

    void refusals_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong hash") << 0 << "SHA-256";
        QTest::newRow("wrong size") << 1 << "bytes";
        QTest::newRow("not a GGUF file") << 2 << "GGUF";
        QTest::newRow("a vocab-only GGUF") << 3 << "tensors";
        QTest::newRow("prompt longer than the context") << 4 << "does not fit the context";
        QTest::newRow("malformed chat") << 5 << "chat is malformed";
        QTest::newRow("no such file") << 6 << "does not hold";
        QTest::newRow("unknown architecture") << 7 << "architecture";
    }
    void refusals()
    {
        QFETCH(int, what);
        QFETCH(QString, expected);
        auto input = chat("Hello");
        GenerateParams p = params(input);
        std::string model = m_model;
        const auto writeFile = [&](const QByteArray& bytes) {
            model = m_dir.filePath("bad.gguf").toStdString();
            QFile f(QString::fromStdString(model));
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(bytes);
            f.close();
            const Sha256 h = sha256(bytes);
            std::copy(h.begin(), h.end(), p.model.begin());
            p.modelBytes = std::uint64_t(bytes.size());
        };
        switch (what) {
        case 0:
            p.model[0] ^= 1;
            break;
        case 1:
            p.modelBytes += 1;
            break;
        case 2:
            writeFile(QByteArray(4096, 'x'));
            break;
        case 3: {
            QFile v(QString::fromStdString(vocabFile(QStringLiteral("llama-spm"))));
            QVERIFY(v.open(QIODevice::ReadOnly));
            writeFile(v.readAll());
            break;
        }
        case 4: {
            QString words;
            for (int i = 0; i < 400; ++i)
                words += QStringLiteral("w%1 ").arg(i);
            input = chat(words.toStdString());
            p = params(input);
            break;
        }
        case 5:
            input = {9, 1, 0, 0, 0, 'x'};
            p.inputBytes = input.size();
            break;
        case 6:
            model = m_dir.filePath("absent.gguf").toStdString();
            break;
        case 7: {
            TinyModelSpec spec;
            const std::string other = m_dir.filePath("other.gguf").toStdString();
            std::string error;
            QVERIFY(writeTinyModel(other, spec, error));
            QFile f(QString::fromStdString(other));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QByteArray bytes = f.readAll();
            const qsizetype at = bytes.indexOf("llama", bytes.indexOf("general.architecture"));
            bytes.replace(at, 5, "gpt_x");
            writeFile(bytes);
            break;
        }
        }
        const Run r = generate(p, input, -1, model);
        QVERIFY2(!r.error.empty(), "refused");
        QVERIFY2(QString::fromStdString(r.error).contains(expected), r.error.c_str());
    }

    void oversizedModelsAreRefused()
    {
        // A manifest naming a model beyond any node's limit is refused before anything is sent.
        const QCborMap params {{"model", QString(64, 'a')}, {"model_bytes", qint64(1) << 40}, {"input_bytes", 10}};
        const auto parsed = jobs::parseParams("ai.generate", params);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, jobs::JobErrc::BadParams);
        QVERIFY2(parsed.error().message.contains("model_bytes"), qPrintable(parsed.error().message));
        // A file whose header claims tensors beyond its end is refused before loading.
        QFile f(QString::fromStdString(m_model));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(f.size() / 2);
        std::string error;
        QVERIFY(!inspectModel({reinterpret_cast<const std::uint8_t*>(head.constData()), std::size_t(head.size())},
            std::uint64_t(head.size()), error));
        QVERIFY2(QString::fromStdString(error).contains("tensors end at byte"), error.c_str());
    }

    void inspectLimitsTheHeader()
    {
        std::string error;
        const auto info = inspectModelFile(m_model, error);
        QVERIFY2(info, error.c_str());
        QCOMPARE(QString::fromStdString(info->architecture), QStringLiteral("llama"));
        QCOMPARE(info->tensors, 3 + 2 * 9);
        QVERIFY(QString::fromStdString(info->name).contains("gibberish"));
        // The first kilobyte alone: the metadata says the tensors lie beyond the end.
        QFile f(QString::fromStdString(m_model));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(1 << 20);
        QVERIFY(!inspectModel({reinterpret_cast<const std::uint8_t*>(head.constData()), std::size_t(head.size())},
            std::uint64_t(head.size()), error));
    }

    /// A model is hashed once per version of its file: the check before each job reuses the
    /// digest, and a file changed in place (same size, same name) is hashed again and refused.
    void modelsAreHashedOncePerFileVersion()
    {
        const std::string path = m_dir.filePath(QStringLiteral("versions.gguf")).toStdString();
        QVERIFY(QFile::copy(QString::fromStdString(m_model), QString::fromStdString(path)));
        const auto input = chat("Hi");
        auto p = params(input, 4);
        std::string error;
        const std::uint64_t before = modelBytesHashed();
        const auto info = inspectModelFile(path, error);
        QVERIFY2(info, error.c_str());
        QCOMPARE(toByteArray(info->sha256), toByteArray(p.model)); // the same digest a job names
        QCOMPARE(modelBytesHashed() - before, p.modelBytes);
        for (int i = 0; i < 3; ++i) {
            const Run r = generate(p, input, -1, path);
            QVERIFY2(r.error.empty(), r.error.c_str());
        }
        QCOMPARE(modelBytesHashed() - before, p.modelBytes); // not read again for the jobs
        // One byte of the last tensor changed in place: a new version, hashed again, refused.
        {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() - 1));
            char c = 0;
            QVERIFY(f.getChar(&c));
            QVERIFY(f.seek(f.size() - 1));
            QVERIFY(f.putChar(char(c ^ 0x40)));
        }
        const Run changed = generate(p, input, -1, path);
        QVERIFY(changed.error.find("SHA-256") != std::string::npos);
        QCOMPARE(modelBytesHashed() - before, 2 * p.modelBytes);
    }

    /// After its job the model stays loaded for the next one on the same device; a long pause of
    /// a job, or the node giving the idle device back, lets it go; another model takes its place.
    void modelsStayLoadedBetweenJobs()
    {
        const auto input = chat("Hi");
        const auto p = params(input, 4);
        releaseResidentModels(-1);
        QCOMPARE(residentModelBytes(-1), 0u);
        const Run first = generate(p, input);
        QVERIFY2(first.error.empty(), first.error.c_str());
        QVERIFY2(first.device.find("already loaded") == std::string::npos, first.device.c_str());
        QVERIFY(residentModelBytes(-1) > 0);
        const Run second = generate(p, input);
        QVERIFY2(second.device.find("model already loaded") != std::string::npos, second.device.c_str());
        QCOMPARE(QString::fromStdString(second.text), QString::fromStdString(first.text));
        // Given back while idle: the next job loads it again.
        releaseResidentModels(-1);
        QCOMPARE(residentModelBytes(-1), 0u);
        const Run third = generate(p, input);
        QVERIFY2(third.device.find("already loaded") == std::string::npos, third.device.c_str());
        // A job paused long enough gives its model back (no warm copy stays) and reloads it.
        const Run paused = generate(p, input, 2);
        QCOMPARE(paused.header.reloads, 1u);
        QCOMPARE(QString::fromStdString(paused.text), QString::fromStdString(first.text));
        // Another model on the device takes the place of the warm one.
        std::string other;
        GenerateParams otherBase;
        QVERIFY(makeModel(QStringLiteral("built-in"), other, otherBase));
        GenerateParams q = otherBase;
        q.inputBytes = input.size();
        q.maxTokens = 4;
        q.contextTokens = 512;
        const std::uint64_t before = residentModelBytes(-1);
        QVERIFY(generate(q, input, -1, other).error.empty());
        QVERIFY(residentModelBytes(-1) != before); // one warm model: the other one
        QVERIFY2(generate(p, input).device.find("already loaded") == std::string::npos, "the first was let go");
    }

    void sealedJobStreamsChunksTheReceiptCovers()
    {
        test::ManualClock clock;
        const X25519PrivateKey session = *X25519PrivateKey::generate();
        const X25519PrivateKey owner = *X25519PrivateKey::generate();
        const Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
        const auto input = chat("Hello there");
        QCborMap params {{"model", QString::fromLatin1(toByteArray(m_base.model).toHex())},
            {"model_bytes", qint64(m_base.modelBytes)}, {"input_bytes", qint64(input.size())}, {"context", 256},
            {"max_tokens", 20}};
        auto pj = jobs::prepareJob("ai.generate", params, input, session.publicKey(), owner.publicKey(),
            std::uint64_t(clock.nowUtc().toSecsSinceEpoch()) + 3600, 2, 1000);
        QVERIFY2(pj, pj ? "" : qPrintable(pj.error().message));
        jobs::JobContext ctx;
        ctx.sessionKey = &session;
        ctx.identity = &identity;
        ctx.clock = &clock;
        const std::string model = m_model;
        const auto hash = m_base.model;
        ctx.models = [&](const std::array<std::uint8_t, 32>& h) -> std::optional<std::string> {
            return h == hash ? std::optional(model) : std::nullopt;
        };
        std::vector<std::pair<std::uint32_t, QByteArray>> chunks;
        ctx.onChunk = [&](std::uint32_t i, const QByteArray& c) { chunks.emplace_back(i, c); };
        auto job = jobs::Job::prepare(pj->manifestBytes, pj->sealedInput, ctx);
        QVERIFY2(job, job ? "" : qPrintable(job.error().message));
        jobs::AlwaysRun always;
        QCOMPARE((*job)->run(always), jobs::Job::State::Done);
        QTemporaryDir results;
        jobs::DirectoryJobStore store(results.filePath("r"));
        auto result = (*job)->complete(store);
        QVERIFY(result);
        jobs::Receipt receipt;
        auto plain = jobs::openResult(*pj, result->sealedOutput, result->signedReceipt, owner, &receipt);
        QVERIFY2(plain, plain ? "" : qPrintable(plain.error().message));
        const auto out = generateOutput(plain->span());
        QVERIFY(out);
        QVERIFY(!chunks.empty());
        QCOMPARE(receipt.chunkCount, std::uint32_t(chunks.size()));
        QCOMPARE(receipt.units, std::uint64_t(out->promptTokens + out->completionTokens));
        QVERIFY(receipt.units < kernels::footprint(*jobs::parseParams("ai.generate", params))->units);

        const auto openAll
            = [&](std::vector<std::pair<std::uint32_t, QByteArray>> cs) -> Expected<QByteArray, jobs::JobError> {
            jobs::stream::Reader reader(owner, receipt.manifestHash);
            QByteArray text;
            for (const auto& [i, c] : cs) {
                auto piece = reader.open(i, c);
                if (!piece)
                    return unexpected(piece.error());
                text += *piece;
            }
            if (auto done = reader.finish(receipt); !done)
                return unexpected(done.error());
            return text;
        };
        auto text = openAll(chunks);
        QVERIFY2(text, text ? "" : qPrintable(text.error().message));
        QCOMPARE(*text, QByteArray(out->text.data(), qsizetype(out->text.size())));

        if (chunks.size() >= 2) {
            auto reordered = chunks;
            std::swap(reordered[0].second, reordered[1].second);
            QVERIFY(!openAll(reordered));
        }
        auto tampered = chunks;
        tampered.back().second[tampered.back().second.size() - 3] ^= 1;
        QVERIFY(!openAll(tampered));
        auto truncated = chunks;
        truncated.pop_back();
        const auto t = openAll(truncated);
        QVERIFY(!t);
        QVERIFY2(t.error().message.contains("truncated"), qPrintable(t.error().message));
    }
};

QTEST_GUILESS_MAIN(TestGenerate)
#include "TestGenerate.moc"
