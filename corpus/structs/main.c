#include <stdio.h>
#include <string.h>
#include <stdint.h>

struct small { char c; short s; };
struct pair { int a, b; };
struct mixed { char tag; double d; int i; float f; };
struct big { int data[40]; char name[24]; double scale; long long id; };
struct vec3 { float x, y, z; };
struct dvec { double x, y; };
struct packed_s { char a; int b; char c; } __attribute__((packed));

static struct pair make_pair(int a, int b) { struct pair p = {a, b}; return p; }
static struct pair swap_pair(struct pair p) { struct pair r = {p.b, p.a}; return r; }
static struct small make_small(char c, short s) { struct small r = {c, s}; return r; }
static struct mixed make_mixed(int i)
{
    struct mixed m = {(char)('A' + i), i * 1.5, i * i, (float)i / 4.0f};
    return m;
}
static struct big make_big(int seed, const char *name)
{
    struct big b;
    memset(&b, 0, sizeof b);
    for (int i = 0; i < 40; i++) b.data[i] = seed * i - 100;
    strncpy(b.name, name, sizeof b.name - 1);
    b.scale = seed / 8.0;
    b.id = (long long)seed << 33;
    return b;
}
static long long sum_big(struct big b)
{
    long long s = b.id;
    for (int i = 0; i < 40; i++) s += b.data[i];
    b.data[0] = 9999; /* modifies the copy only */
    return s + (long long)(b.scale * 8) + (long long)strlen(b.name);
}
static struct big transform(struct big b, int k)
{
    for (int i = 0; i < 40; i++) b.data[i] = b.data[i] * k + i;
    b.scale *= k;
    return b;
}
static struct vec3 cross(struct vec3 a, struct vec3 b)
{
    struct vec3 r = {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
    return r;
}
static struct dvec dadd(struct dvec a, struct dvec b) { struct dvec r = {a.x + b.x, a.y + b.y}; return r; }
static int many_args(struct pair a, int x, struct small s, double d, struct pair b, long long l, struct mixed m)
{
    return a.a + a.b + x + s.c + s.s + (int)d + b.a * b.b + (int)(l >> 32) + m.i + m.tag;
}

int main(void)
{
    struct pair p = make_pair(3, 4);
    struct pair q = swap_pair(p);
    printf("pair %d %d swapped %d %d\n", p.a, p.b, q.a, q.b);
    struct small s = make_small('x', -1234);
    printf("small %c %d sizeof=%zu\n", s.c, s.s, sizeof s);
    for (int i = 0; i < 3; i++) {
        struct mixed m = make_mixed(i);
        printf("mixed %c %.2f %d %.3f\n", m.tag, m.d, m.i, m.f);
    }
    struct big b = make_big(7, "seven");
    printf("big sum=%lld data[0] after=%d\n", sum_big(b), b.data[0]);
    struct big t = transform(b, 3);
    printf("transformed data[5]=%d scale=%.3f orig data[5]=%d name=%s\n", t.data[5], t.scale, b.data[5], t.name);
    struct big arr[3];
    for (int i = 0; i < 3; i++) arr[i] = make_big(i + 1, i == 1 ? "one" : "other");
    struct big copy = arr[1];
    copy.data[39] = -1;
    printf("copy independent: %d %d\n", arr[1].data[39], copy.data[39]);
    struct vec3 a = {1, 2, 3}, c = {4, 5, 6};
    struct vec3 x = cross(a, c);
    printf("cross %.1f %.1f %.1f\n", x.x, x.y, x.z);
    struct dvec d = dadd((struct dvec){1.25, 2.5}, (struct dvec){0.75, -0.5});
    printf("dvec %.3f %.3f\n", d.x, d.y);
    printf("many=%d\n", many_args(p, 10, s, 2.75, q, 5LL << 32, make_mixed(2)));
    struct packed_s ps = {'p', 0x12345678, 'q'};
    unsigned char raw[sizeof ps];
    memcpy(raw, &ps, sizeof ps);
    printf("packed sizeof=%zu bytes:", sizeof ps);
    for (size_t i = 0; i < sizeof ps; i++) printf(" %02x", raw[i]);
    printf("\n");
    struct pair pairs[5];
    for (int i = 0; i < 5; i++) pairs[i] = make_pair(i, i * i);
    struct pair tmp = pairs[0]; pairs[0] = pairs[4]; pairs[4] = tmp;
    for (int i = 0; i < 5; i++) printf("(%d,%d) ", pairs[i].a, pairs[i].b);
    printf("\n");
    union { uint32_t u; float f; unsigned char b[4]; } un;
    un.f = 1.0f;
    printf("union u=%08x b0=%02x\n", un.u, un.b[0]);
    return 0;
}
