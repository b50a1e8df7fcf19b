# `make package`: CPack .deb and .tar.gz (Linux); an NSIS installer configuration for Windows that
# has never been built here (no Windows machine in CI).
include(GNUInstallDirs)

if(UNIX AND NOT APPLE)
  # systemd: the user unit, the hardened system unit and the user it runs as.
  install(FILES installer/cocoon-contributor.service DESTINATION lib/systemd/user)
  install(FILES installer/cocoon-contributor-system.service DESTINATION lib/systemd/system
          RENAME cocoon-contributor.service)
  install(FILES installer/cocoon-contributor.sysusers DESTINATION lib/sysusers.d RENAME cocoon-contributor.conf)
endif()

set(CPACK_PACKAGE_NAME "cocoon-contributor")
set(CPACK_PACKAGE_VENDOR "Cocoon Contributor developers")
set(CPACK_PACKAGE_CONTACT "Cocoon Contributor developers <maintainers@cocoon.network>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/cocoon-contributor/cocoon-contributor")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Cocoon Contributor")
set(CPACK_PACKAGE_EXECUTABLES "cocoon-contributor" "Cocoon Contributor")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")

if(WIN32)
  # Untested here (see docs/architecture.md): the NSIS installer with a Start menu entry.
  set(CPACK_GENERATOR "NSIS;ZIP")
  set(CPACK_NSIS_DISPLAY_NAME "Cocoon Contributor")
  set(CPACK_NSIS_PACKAGE_NAME "Cocoon Contributor")
  set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/resources/icons/cocoon-contributor.ico")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\cocoon-contributor.exe")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
  set(CPACK_NSIS_MODIFY_PATH OFF)
  set(CPACK_NSIS_CREATE_ICONS_EXTRA
      "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Cocoon Contributor.lnk' '$INSTDIR\\\\bin\\\\cocoon-contributor.exe'")
  # Start at login is the app's own switch (the per-user Run key), off by default.
else()
  set(CPACK_GENERATOR "DEB;TGZ")
  set(CPACK_INSTALL_PREFIX "/usr")
  set(CPACK_SET_DESTDIR ON) # the autostart entry goes to /etc/xdg, outside the prefix
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  # Debian 12's packages, listed by hand: dpkg-shlibdeps cannot resolve the CUDA plugin's
  # libcublas (NVIDIA's repository, not Debian's). The CUDA runtime itself is linked statically
  # into the plugin; cuBLAS comes with NVIDIA's CUDA 13 libraries and is only needed on a machine
  # with an NVIDIA GPU — without it the app says so and uses the CPU.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.36), libstdc++6 (>= 12), libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), \
libqt6network6 (>= 6.4), libqt6websockets6 (>= 6.4), libqt6charts6 (>= 6.4), libqt6dbus6 (>= 6.4), libqt6svg6 (>= 6.4), \
qt6-qpa-plugins (>= 6.4), libssl3 (>= 3.0), libsqlite3-0 (>= 3.40), libspdlog1.10, libfmt9, zlib1g, \
libopenblas0-pthread | libopenblas0, libqrencode4")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hicolor-icon-theme")
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libcublas-13-0")
  set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 Runs sealed, end-to-end encrypted compute jobs from the Cocoon network on an
 idle GPU (and CPU), stepping aside the moment the owner needs the machine.
 Shows the confidentiality tier this machine can prove, earnings that
 reconcile with TON payouts, and runs headless under systemd with cocoonctl.")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_SOURCE_DIR}/installer/debian/postinst;${PROJECT_SOURCE_DIR}/installer/debian/postrm")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
endif()
include(CPack)
