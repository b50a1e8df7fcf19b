# COCOON_SANITIZE: semicolon list, e.g. "address;undefined" (used by the asan preset).
set(COCOON_SANITIZE "" CACHE STRING "Sanitizers to build with (address;undefined)")
if(COCOON_SANITIZE)
  list(JOIN COCOON_SANITIZE "," _san)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${_san}> $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
  add_link_options(-fsanitize=${_san})
endif()
