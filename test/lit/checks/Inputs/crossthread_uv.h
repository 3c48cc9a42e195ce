// The shapes of libuv's C API for coro-cross-thread-loop-call's libuv
// preset: a loop, handles that point to it, thread and sync helpers.
#pragma once
extern "C" {
typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s uv_handle_t;
typedef struct uv_timer_s uv_timer_t;
typedef struct uv_async_s uv_async_t;
typedef struct uv_fs_s uv_fs_t;
typedef unsigned long uv_thread_t;
typedef struct { int lock; } uv_mutex_t;
typedef void (*uv_timer_cb)(uv_timer_t *);
typedef void (*uv_async_cb)(uv_async_t *);
typedef void (*uv_close_cb)(uv_handle_t *);
typedef void (*uv_fs_cb)(uv_fs_t *);
typedef void (*uv_thread_cb)(void *);
typedef enum { UV_RUN_DEFAULT = 0, UV_RUN_ONCE, UV_RUN_NOWAIT } uv_run_mode;

struct uv_loop_s { void *data; unsigned active_handles; };
struct uv_handle_s { void *data; uv_loop_t *loop; int type; };
struct uv_timer_s { void *data; uv_loop_t *loop; int type; uv_timer_cb cb; };
struct uv_async_s { void *data; uv_loop_t *loop; int type; uv_async_cb cb; };
struct uv_fs_s { void *data; int type; uv_loop_t *loop; long result; };

uv_loop_t *uv_default_loop(void);
int uv_loop_init(uv_loop_t *loop);
int uv_loop_close(uv_loop_t *loop);
int uv_run(uv_loop_t *loop, uv_run_mode mode);
void uv_stop(uv_loop_t *loop);
int uv_timer_init(uv_loop_t *loop, uv_timer_t *handle);
int uv_timer_start(uv_timer_t *handle, uv_timer_cb cb, unsigned long long timeout, unsigned long long repeat);
int uv_timer_stop(uv_timer_t *handle);
void uv_close(uv_handle_t *handle, uv_close_cb close_cb);
int uv_async_init(uv_loop_t *loop, uv_async_t *async, uv_async_cb async_cb);
int uv_async_send(uv_async_t *async);
int uv_fs_open(uv_loop_t *loop, uv_fs_t *req, const char *path, int flags, int mode, uv_fs_cb cb);
void uv_fs_req_cleanup(uv_fs_t *req);
int uv_thread_create(uv_thread_t *tid, uv_thread_cb entry, void *arg);
int uv_thread_join(uv_thread_t *tid);
void uv_mutex_lock(uv_mutex_t *handle);
void uv_mutex_unlock(uv_mutex_t *handle);
unsigned long long uv_hrtime(void);
const char *uv_strerror(int err);
}
