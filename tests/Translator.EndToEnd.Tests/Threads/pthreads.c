/* pthread programs whose output must equal the native run: every result printed is deterministic. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/wait.h>

#define NTHREADS 8
#define ITERS 20000

/* ---- mutex + condition variable: a bounded producer/consumer queue --------------------------------------- */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER, q_not_full = PTHREAD_COND_INITIALIZER;
static int q_items[16], q_head, q_tail, q_count;

static void *producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 1; i <= 2000; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 16) pthread_cond_wait(&q_not_full, &q_lock);
        q_items[q_tail] = base + i; q_tail = (q_tail + 1) % 16; q_count++;
        pthread_cond_signal(&q_not_empty);
        pthread_mutex_unlock(&q_lock);
    }
    return 0;
}

static void *consumer(void *arg) {
    long long sum = 0;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 0) pthread_cond_wait(&q_not_empty, &q_lock);
        sum += q_items[q_head]; q_head = (q_head + 1) % 16; q_count--;
        pthread_cond_signal(&q_not_full);
        pthread_mutex_unlock(&q_lock);
    }
    *(long long *)arg = sum;
    return 0;
}

static void producer_consumer(void) {
    pthread_t p[2], c[2];
    long long sums[2];
    for (int i = 0; i < 2; i++) pthread_create(&p[i], 0, producer, (void *)(long)(i * 100000));
    for (int i = 0; i < 2; i++) pthread_create(&c[i], 0, consumer, &sums[i]);
    for (int i = 0; i < 2; i++) { pthread_join(p[i], 0); pthread_join(c[i], 0); }
    printf("producer/consumer: total %lld\n", sums[0] + sums[1]);
}

/* ---- atomic read-modify-writes from 8 threads --------------------------------------------------------------- */
static volatile int counter_add, counter_xadd, counter_cas, counter_inc;
static volatile long long counter_add64;
static int plain_with_lock;
static pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;

static void *hammer(void *arg) {
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
#if defined(__x86_64__) || defined(__i386__)
        __asm__ volatile("lock addl $2, %0" : "+m"(counter_add));
        __asm__ volatile("lock incl %0" : "+m"(counter_inc));
        int one = 1;
        __asm__ volatile("lock xaddl %0, %1" : "+r"(one), "+m"(counter_xadd));
        int old = counter_cas, seen;
        do {
            seen = old;
            __asm__ volatile("lock cmpxchgl %2, %1" : "+a"(old), "+m"(counter_cas) : "r"(seen + 3) : "cc");
        } while (old != seen);
#else /* the native AArch64 reference build */
        __atomic_fetch_add(&counter_add, 2, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&counter_inc, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&counter_xadd, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&counter_cas, 3, __ATOMIC_SEQ_CST);
#endif
        __atomic_fetch_add(&counter_add64, 5, __ATOMIC_SEQ_CST);
        if (i % 16 == 0) { pthread_mutex_lock(&plain_lock); plain_with_lock++; pthread_mutex_unlock(&plain_lock); }
    }
    return 0;
}

static void atomics(void) {
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) pthread_create(&t[i], 0, hammer, 0);
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], 0);
    printf("atomics: add %d inc %d xadd %d cas %d add64 %lld locked %d\n", counter_add, counter_inc, counter_xadd,
           counter_cas, counter_add64, plain_with_lock);
}

/* ---- a lock-free multi-producer multi-consumer ring (compare-and-swap on sequence numbers) ---------------- */
#define RING 64
static struct { volatile unsigned seq; int value; } ring[RING];
static volatile unsigned ring_head, ring_tail;

static void ring_init(void) { for (unsigned i = 0; i < RING; i++) ring[i].seq = i; }

static int ring_push(int v) {
    unsigned pos = __atomic_load_n(&ring_tail, __ATOMIC_RELAXED);
    for (;;) {
        unsigned seq = __atomic_load_n(&ring[pos % RING].seq, __ATOMIC_ACQUIRE);
        int diff = (int)(seq - pos);
        if (diff == 0) {
            if (__atomic_compare_exchange_n(&ring_tail, &pos, pos + 1, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) break;
        } else if (diff < 0) return 0; /* full */
        else pos = __atomic_load_n(&ring_tail, __ATOMIC_RELAXED);
    }
    ring[pos % RING].value = v;
    __atomic_store_n(&ring[pos % RING].seq, pos + 1, __ATOMIC_RELEASE);
    return 1;
}

static int ring_pop(int *v) {
    unsigned pos = __atomic_load_n(&ring_head, __ATOMIC_RELAXED);
    for (;;) {
        unsigned seq = __atomic_load_n(&ring[pos % RING].seq, __ATOMIC_ACQUIRE);
        int diff = (int)(seq - (pos + 1));
        if (diff == 0) {
            if (__atomic_compare_exchange_n(&ring_head, &pos, pos + 1, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) break;
        } else if (diff < 0) return 0; /* empty */
        else pos = __atomic_load_n(&ring_head, __ATOMIC_RELAXED);
    }
    *v = ring[pos % RING].value;
    __atomic_store_n(&ring[pos % RING].seq, pos + RING, __ATOMIC_RELEASE);
    return 1;
}

static volatile int ring_consumed;
static volatile long long ring_sum;

static void *ring_producer(void *arg) {
    int base = (int)(long)arg;
    for (int i = 1; i <= 5000; i++) while (!ring_push(base + i)) sched_yield();
    return 0;
}

static void *ring_consumer(void *arg) {
    (void)arg;
    long long sum = 0;
    int v;
    while (__atomic_load_n(&ring_consumed, __ATOMIC_RELAXED) < 20000) {
        if (ring_pop(&v)) { sum += v; __atomic_fetch_add(&ring_consumed, 1, __ATOMIC_RELAXED); }
        else sched_yield();
    }
    __atomic_fetch_add(&ring_sum, sum, __ATOMIC_SEQ_CST);
    return 0;
}

static void lock_free_queue(void) {
    pthread_t p[4], c[4];
    ring_init();
    for (int i = 0; i < 4; i++) pthread_create(&c[i], 0, ring_consumer, 0);
    for (int i = 0; i < 4; i++) pthread_create(&p[i], 0, ring_producer, (void *)(long)(i * 1000000));
    for (int i = 0; i < 4; i++) { pthread_join(p[i], 0); pthread_join(c[i], 0); }
    printf("lock-free ring: consumed %d sum %lld\n", ring_consumed, ring_sum);
}

/* ---- priority-inheritance mutex (FUTEX_LOCK_PI / FUTEX_UNLOCK_PI) -------------------------------------------- */
static pthread_mutex_t pi_lock;
static int pi_counter;

static void *pi_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 3000; i++) { pthread_mutex_lock(&pi_lock); pi_counter++; pthread_mutex_unlock(&pi_lock); }
    return 0;
}

static void pi_mutex(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&pi_lock, &a);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, pi_worker, 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    printf("pi mutex: %d\n", pi_counter);
}

/* ---- thread-local storage ----------------------------------------------------------------------------------- */
static __thread int tls_value = 7;
static __thread char tls_name[16];

static void *tls_worker(void *arg) {
    int id = (int)(long)arg;
    tls_value += id;
    snprintf(tls_name, sizeof tls_name, "worker-%d", id);
    for (int i = 0; i < 1000; i++) tls_value++;
    char *out = malloc(64);
    snprintf(out, 64, "%s:%d", tls_name, tls_value);
    return out;
}

static void thread_local(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, tls_worker, (void *)(long)(i + 1));
    printf("tls:");
    for (int i = 0; i < 4; i++) { char *r; pthread_join(t[i], (void **)&r); printf(" %s", r); free(r); }
    printf(" main:%d\n", tls_value);
}

/* ---- many short-lived threads ------------------------------------------------------------------------------- */
static void *short_lived(void *arg) { return (void *)((long)arg * 2); }

static void many_threads(void) {
    long total = 0;
    for (int round = 0; round < 125; round++) {
        pthread_t t[8];
        for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, short_lived, (void *)(long)(round * 8 + i));
        for (int i = 0; i < 8; i++) { void *r; pthread_join(t[i], &r); total += (long)r; }
    }
    printf("1000 threads: sum %ld\n", total);
}

/* ---- detached threads and a barrier ------------------------------------------------------------------------- */
static pthread_barrier_t barrier;
static volatile int after_barrier;

static void *barrier_worker(void *arg) {
    (void)arg;
    pthread_barrier_wait(&barrier);
    __atomic_fetch_add(&after_barrier, 1, __ATOMIC_SEQ_CST);
    pthread_barrier_wait(&barrier);
    return 0;
}

static void barrier_and_detach(void) {
    pthread_barrier_init(&barrier, 0, 5);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 4; i++) { pthread_t t; pthread_create(&t, &attr, barrier_worker, 0); }
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    printf("barrier: %d passed\n", after_barrier);
}

/* ---- cancellation ------------------------------------------------------------------------------------------- */
static volatile int cleanup_ran;
static void cleanup(void *arg) { (void)arg; cleanup_ran = 1; }

static void *cancellable(void *arg) {
    (void)arg;
    pthread_cleanup_push(cleanup, 0);
    for (;;) { usleep(1000); pthread_testcancel(); }
    pthread_cleanup_pop(0);
    return 0;
}

static void cancellation(void) {
    pthread_t t;
    pthread_create(&t, 0, cancellable, 0);
    usleep(20000);
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    printf("cancel: %s, cleanup %d\n", r == PTHREAD_CANCELED ? "canceled" : "not canceled", cleanup_ran);
}

/* ---- fork in a threaded program ----------------------------------------------------------------------------- */
static void *sleeper(void *arg) { (void)arg; usleep(50000); return 0; }

static void fork_with_threads(void) {
    pthread_t t;
    pthread_create(&t, 0, sleeper, 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* Only this thread exists in the child. (Creating threads in it is not tested: qemu-user 7.2 itself aborts
         * there, natively built AArch64 programs too, "cpu_exec: assertion failed: (cpu == current_cpu)".) */
        printf("fork child: %ld\n", (long)short_lived((void *)21L));
        fflush(stdout);
        _exit(3);
    }
    int status;
    waitpid(pid, &status, 0);
    pthread_join(t, 0);
    printf("fork parent: child exit %d\n", WEXITSTATUS(status));
}

int main(int argc, char **argv) {
    const char *only = argc > 1 ? argv[1] : "";
    if (!*only || !strcmp(only, "pc")) producer_consumer();
    if (!*only || !strcmp(only, "atomics")) atomics();
    if (!*only || !strcmp(only, "lockfree")) lock_free_queue();
    if (!*only || !strcmp(only, "pi")) pi_mutex();
    if (!*only || !strcmp(only, "tls")) thread_local();
    if (!*only || !strcmp(only, "many")) many_threads();
    if (!*only || !strcmp(only, "barrier")) barrier_and_detach();
    if (!*only || !strcmp(only, "cancel")) cancellation();
    if (!*only || !strcmp(only, "fork")) fork_with_threads();
    return 0;
}
