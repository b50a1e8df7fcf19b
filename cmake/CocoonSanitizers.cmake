# COCOON_SANITIZE: semicolon list, e.g. "address;undefined" (used by the asan preset).
set(COCOON_SANITIZE "" CACHE STRING "Sanitizers to build with (address;undefined)")
if(COCOON_SANITIZE)
  list(JOIN COCOON_SANITIZE "," _san)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${_san}> $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
  add_link_options(-fsanitize=${_san})
endif()

# Fuzz builds (clang): instrument all our code for coverage and errors; only the fuzz targets
# link the libFuzzer driver (tests/fuzz/CMakeLists.txt).
if(COCOON_FUZZ)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=fuzzer-no-link,address,undefined>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>)
  add_link_options(-fsanitize=address,undefined)
endif()
