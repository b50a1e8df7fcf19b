# Cocoon Contributor — the two commands a newcomer needs are `make run` and `make test`.
# Everything else: make help.
BUILD_DIR     ?= build
BUILD_TYPE    ?= RelWithDebInfo
JOBS          ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS    ?=
ASAN_DIR      ?= build-asan
FUZZ_DIR      ?= build-fuzz
BENCH_DIR     ?= build-bench
FUZZ_SECONDS  ?= 60
ARGS          ?=
FUZZ_TARGETS  := fuzz_envelope_open fuzz_manifest fuzz_sev_report fuzz_tdx_quote fuzz_nvidia_report fuzz_ton fuzz_evidence_bundle fuzz_protocol fuzz_control fuzz_media fuzz_llm_input

# Build configurations are CMake presets (CMakePresets.json): default, asan, fuzz, bench.
CONFIGURE = cmake -Wno-dev --preset

.PHONY: help deps configure build run test test-asan bench gpu-check fuzz format format-check package package-test update-translations clean

help:
	@echo "make run         install missing packages, build, start the app (ARGS='--headless' ...)"
	@echo "make test        install missing packages, build, run every test (ctest)"
	@echo "make build       configure and build into $(BUILD_DIR)/ (CMAKE_ARGS='-DCOCOON_CUDA=OFF' ...)"
	@echo "make test-asan   the test suite again under AddressSanitizer + UndefinedBehaviorSanitizer"
	@echo "make fuzz        build the libFuzzer targets with clang and run each for FUZZ_SECONDS=$(FUZZ_SECONDS)"
	@echo "make bench       build and run the benchmarks (results go to docs/benchmarks.md by hand)"
	@echo "make gpu-check   on an NVIDIA GPU: build for it, run the CUDA tests, bench_kernels_cuda, bench preempt"
	@echo "make format      clang-format every source file"
	@echo "make package     .deb and .tar.gz (CPack) in $(BUILD_DIR)/"
	@echo "make update-translations  refresh translations/*.ts from the sources"
	@echo "make deps        only install missing system and test packages"

deps:
	@scripts/install-deps.sh
	@scripts/install-test-deps.sh

configure: deps
	@$(CONFIGURE) default -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >$(BUILD_DIR).configure.log 2>&1 \
	  || { cat $(BUILD_DIR).configure.log; exit 1; }
	@sed -n '/configure summary/,/Fuzz targets/p' $(BUILD_DIR).configure.log

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo network pays test TON on an emulated TON chain when Node.js and its packages are there.
run: build
	COCOON_DEMO_CHAIN=$(CURDIR)/tests/ton-emulator/server.mjs $(BUILD_DIR)/app/cocoon-contributor $(ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-asan: deps
	@$(CONFIGURE) asan -B $(ASAN_DIR) $(CMAKE_ARGS) >$(ASAN_DIR).configure.log 2>&1 \
	  || { cat $(ASAN_DIR).configure.log; exit 1; }
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	ctest --preset asan --test-dir $(ASAN_DIR) -j $(JOBS)

fuzz: deps
	@$(CONFIGURE) fuzz -B $(FUZZ_DIR) >$(FUZZ_DIR).configure.log 2>&1 \
	  || { cat $(FUZZ_DIR).configure.log; exit 1; }
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t && cp -n tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus/$$t/ ; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  (cd $(FUZZ_DIR) && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp ./tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 corpus/$$t) || exit 1; \
	done

bench: deps
	@scripts/install-deps.sh --bench
	@$(CONFIGURE) bench -B $(BENCH_DIR) $(CMAKE_ARGS) >$(BENCH_DIR).configure.log 2>&1 \
	  || { cat $(BENCH_DIR).configure.log; exit 1; }
	@cmake --build $(BENCH_DIR) -j $(JOBS) --target cocoon_benchmarks cocoon-contributor cocoon-coordinator
	$(BENCH_DIR)/bench/bench_envelope
	$(BENCH_DIR)/bench/bench_kernels
	$(BENCH_DIR)/bench/bench_transcode
	@if [ -x $(BENCH_DIR)/bench/bench_kernels_cuda ]; then $(BENCH_DIR)/bench/bench_kernels_cuda; fi
	$(BENCH_DIR)/bench/bench_network
	@if [ -x $(BENCH_DIR)/bench/bench_generate ]; then $(BENCH_DIR)/bench/bench_generate; fi
	bench/footprint.sh $(BENCH_DIR)

# Needs an NVIDIA GPU and driver; writes build-gpu/gpu-check-results.txt (scripts/gpu-check.sh).
gpu-check:
	@scripts/gpu-check.sh

format:
	@git ls-files '*.cpp' '*.h' '*.cu' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' '*.cu' | xargs clang-format --dry-run --Werror

package: build
	cd $(BUILD_DIR) && cpack -G "DEB;TGZ"

# Refreshes translations/*.ts from the sources (lupdate); then translate the new entries.
update-translations: configure
	@cmake --build $(BUILD_DIR) --target update_translations

# Builds the .deb, installs it on this machine, runs it, and purges it (CI; needs root).
package-test: package
	scripts/package-test.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR) $(BENCH_DIR) *.configure.log
