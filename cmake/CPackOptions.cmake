# Per-generator CPack settings (CPACK_PROJECT_CONFIG_FILE): the .deb installs
# under /usr; the tarball is a relocatable prefix (bin/, lib/, share/ at its
# top directory), to be unpacked anywhere.
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
else()
  set(CPACK_PACKAGING_INSTALL_PREFIX "")
endif()
