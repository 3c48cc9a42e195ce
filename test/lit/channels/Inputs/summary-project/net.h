// Declares what net.cpp defines: main.cpp sees only this.
#pragma once

void send_all(int fd);
