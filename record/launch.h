/* launch.h - starting the command given after "--". */
#ifndef PSREC_LAUNCH_H
#define PSREC_LAUNCH_H

#include <signal.h>
#include <sys/types.h>

/* Fork and exec argv with the signal mask orig restored; stdin, stdout
 * and stderr are left alone. Returns the pid once the exec has happened,
 * or -errno of a failed exec (the child is reaped then). */
pid_t launch_command(char **argv, const sigset_t *orig);

/* The exit status psrec passes on for a wait status: the code, or 128+N
 * for a process killed by signal N (the shells' convention). */
int launch_exit_code(int status);

#endif
