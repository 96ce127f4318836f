/*
 * rusage_run — run a command and report its own peak RSS and wall time.
 *
 * Usage: rusage_run REPORT_FD CMD [ARGS...]
 *
 * Why this exists: on Linux a child's ru_maxrss (as returned by wait4) is
 * max(its own peak, the RSS of the address space it had *before* exec).
 * A child forked (or vforked/posix_spawned) straight from the Python driver
 * therefore never reports less than the driver's own RSS (~10-14 MiB), which
 * would hide the footprint of small processes such as ours or `unzip`.
 * This launcher is tiny, so a grandchild forked from it starts from ~1 MiB.
 *
 * After the command exits, one line "MAXRSS_KIB WALL_NS WAIT_STATUS\n" is
 * written to REPORT_FD (which the command itself does not inherit). The exit
 * code mirrors the command's (128+signal if it was killed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPORT_FD CMD [ARGS...]\n", argv[0]);
        return 2;
    }
    int fd = atoi(argv[1]);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage_run: fork");
        return 2;
    }
    if (pid == 0) {
        close(fd);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("rusage_run: wait4");
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL
                 + (long long)(t1.tv_nsec - t0.tv_nsec);
    dprintf(fd, "%ld %lld %d\n", (long)ru.ru_maxrss, ns, status);
    close(fd);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 2;
}
