/* Process entry: hand the kernel's initial stack pointer to xlate_start(). */
    .text
    .globl _start
    .type _start, %function
_start:
    mov     x29, #0
    mov     x30, #0
    mov     x0, sp
    and     sp, x0, #~15
    bl      xlate_start
    brk     #0
    .size _start, . - _start

/* void xl_call_on_stack(void *new_sp, void (*fn)(void *), void *arg)  -- never returns */
    .globl xl_call_on_stack
    .type xl_call_on_stack, %function
xl_call_on_stack:
    mov     sp, x0
    mov     x29, #0
    mov     x30, #0
    mov     x0, x2
    blr     x1
    brk     #0
    .size xl_call_on_stack, . - xl_call_on_stack
    .section .note.GNU-stack,"",%progbits
