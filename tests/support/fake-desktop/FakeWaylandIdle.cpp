// A minimal Wayland compositor for tests on a machine without one: it offers wl_seat and
// ext_idle_notifier_v1 on a socket in $XDG_RUNTIME_DIR, prints the socket's path, then follows
// commands on standard input: "idle" sends `idled` to every idle notification, "active" sends
// `resumed`; each command is answered with "ok" once the events are on their way.
// With --no-idle-notify it offers only the seat (a compositor without the protocol).
#include "ext-idle-notify-v1-server-protocol.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>
#include <wayland-server.h>

namespace {

struct State
{
    wl_display* display = nullptr;
    std::vector<wl_resource*> notifications;
    bool idle = false;
    std::string input;
};

State g;

void destroyResource(wl_client*, wl_resource* r)
{
    wl_resource_destroy(r);
}

void forgetNotification(wl_resource* r)
{
    std::erase(g.notifications, r);
}

const struct ext_idle_notification_v1_interface kNotificationImpl = {destroyResource};

void getIdleNotification(wl_client* client, wl_resource* notifier, uint32_t id, uint32_t, wl_resource*)
{
    wl_resource* r
        = wl_resource_create(client, &ext_idle_notification_v1_interface, wl_resource_get_version(notifier), id);
    wl_resource_set_implementation(r, &kNotificationImpl, nullptr, forgetNotification);
    g.notifications.push_back(r);
    if (g.idle)
        ext_idle_notification_v1_send_idled(r);
}

const struct ext_idle_notifier_v1_interface kNotifierImpl = {destroyResource, getIdleNotification};

void bindNotifier(wl_client* client, void*, uint32_t version, uint32_t id)
{
    wl_resource* r = wl_resource_create(client, &ext_idle_notifier_v1_interface, int(version), id);
    wl_resource_set_implementation(r, &kNotifierImpl, nullptr, nullptr);
}

void seatGetDevice(wl_client*, wl_resource*, uint32_t) { }

const struct wl_seat_interface kSeatImpl = {seatGetDevice, seatGetDevice, seatGetDevice, destroyResource};

void bindSeat(wl_client* client, void*, uint32_t version, uint32_t id)
{
    wl_resource* r = wl_resource_create(client, &wl_seat_interface, int(version), id);
    wl_resource_set_implementation(r, &kSeatImpl, nullptr, nullptr);
}

int onInput(int fd, uint32_t, void*)
{
    char buffer[256];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) {
        wl_display_terminate(g.display);
        return 0;
    }
    g.input.append(buffer, std::size_t(n));
    for (std::size_t nl; (nl = g.input.find('\n')) != std::string::npos;) {
        const std::string command = g.input.substr(0, nl);
        g.input.erase(0, nl + 1);
        g.idle = command == "idle";
        for (wl_resource* r : g.notifications) {
            if (g.idle)
                ext_idle_notification_v1_send_idled(r);
            else
                ext_idle_notification_v1_send_resumed(r);
        }
        wl_display_flush_clients(g.display);
        std::printf("ok\n");
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const bool offerIdle = !(argc > 1 && std::strcmp(argv[1], "--no-idle-notify") == 0);
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    g.display = wl_display_create();
    const char* socket = g.display ? wl_display_add_socket_auto(g.display) : nullptr;
    if (!runtime || !socket) {
        std::fprintf(stderr, "fake_wayland_idle: cannot open a socket (XDG_RUNTIME_DIR must be set)\n");
        return 1;
    }
    wl_global_create(g.display, &wl_seat_interface, 1, nullptr, bindSeat);
    if (offerIdle)
        wl_global_create(g.display, &ext_idle_notifier_v1_interface, 1, nullptr, bindNotifier);
    wl_event_loop* loop = wl_display_get_event_loop(g.display);
    wl_event_loop_add_fd(loop, STDIN_FILENO, WL_EVENT_READABLE, onInput, nullptr);
    std::printf("%s/%s\n", runtime, socket);
    std::fflush(stdout);
    wl_display_run(g.display);
    wl_display_destroy(g.display);
    return 0;
}
