	.text
	.file	"09_bits.c"
	.globl	main                            # -- Begin function main
	.type	main,@function
main:                                   # @main
	.cfi_startproc
# %bb.0:
	pushq	%rbp
	.cfi_def_cfa_offset 16
	pushq	%r15
	.cfi_def_cfa_offset 24
	pushq	%r14
	.cfi_def_cfa_offset 32
	pushq	%r13
	.cfi_def_cfa_offset 40
	pushq	%r12
	.cfi_def_cfa_offset 48
	pushq	%rbx
	.cfi_def_cfa_offset 56
	pushq	%rax
	.cfi_def_cfa_offset 64
	.cfi_offset %rbx, -56
	.cfi_offset %r12, -48
	.cfi_offset %r13, -40
	.cfi_offset %r14, -32
	.cfi_offset %r15, -24
	.cfi_offset %rbp, -16
	xorl	%r13d, %r13d
.LBB0_1:                                # =>This Loop Header: Depth=1
                                        #     Child Loop BB0_6 Depth 2
	cmpq	$8, %r13
	je	.LBB0_2
# %bb.5:                                #   in Loop: Header=BB0_1 Depth=1
	leaq	main.samples(%rip), %rax
	movl	(%rax,%r13,4), %ebp
	movl	%ebp, %eax
	bswapl	%eax
	movl	%eax, %ecx
	shrl	$4, %ecx
	movl	$252645135, %edx                # imm = 0xF0F0F0F
	andl	%edx, %ecx
	andl	%edx, %eax
	shll	$4, %eax
	orl	%ecx, %eax
	movl	%eax, %ecx
	movl	$858993459, %edx                # imm = 0x33333333
	andl	%edx, %ecx
	shrl	$2, %eax
	andl	%edx, %eax
	leal	(%rax,%rcx,4), %eax
	movl	%eax, %edx
	movl	$1431655765, %edi               # imm = 0x55555555
	andl	%edi, %edx
	shrl	%eax
	movl	%ebp, %ecx
	shrl	$16, %ecx
	xorl	%ebp, %ecx
	movl	%ecx, %esi
	shrl	$8, %esi
	xorl	%ecx, %esi
	movl	%esi, %ecx
	shrl	$4, %ecx
	xorl	%esi, %ecx
	andb	$15, %cl
	movl	$27030, %r14d                   # imm = 0x6996
                                        # kill: def $cl killed $cl killed $ecx
	shrl	%cl, %r14d
	andl	%edi, %eax
	leal	(%rax,%rdx,2), %eax
	movl	%eax, 4(%rsp)                   # 4-byte Spill
	movl	%ebp, %eax
	shrl	%eax
	movl	%eax, %r15d
	xorl	%ebp, %r15d
	movl	%r15d, %ebx
	pushq	$1
	.cfi_adjust_cfa_offset 8
	popq	%rcx
	.cfi_adjust_cfa_offset -8
.LBB0_6:                                #   Parent Loop BB0_1 Depth=1
                                        # =>  This Inner Loop Header: Depth=2
	cmpl	$31, %ecx
	ja	.LBB0_8
# %bb.7:                                #   in Loop: Header=BB0_6 Depth=2
	movl	%ebx, %edx
	shrl	%cl, %edx
	xorl	%edx, %ebx
	addl	%ecx, %ecx
	jmp	.LBB0_6
.LBB0_8:                                #   in Loop: Header=BB0_1 Depth=1
	andl	$1431655765, %eax               # imm = 0x55555555
	movl	%ebp, %ecx
	subl	%eax, %ecx
	movl	%ecx, %eax
	movl	$858993459, %edx                # imm = 0x33333333
	andl	%edx, %eax
	shrl	$2, %ecx
	andl	%edx, %ecx
	addl	%eax, %ecx
	movl	%ecx, %eax
	shrl	$4, %eax
	addl	%ecx, %eax
	andl	$252645135, %eax                # imm = 0xF0F0F0F
	imull	$16843009, %eax, %r12d          # imm = 0x1010101
	shrl	$24, %r12d
	movl	%ebp, %edi
	callq	clz32
	andl	$1, %r14d
	movl	%ebp, %r10d
	roll	$7, %r10d
	subq	$8, %rsp
	.cfi_adjust_cfa_offset 8
	leaq	.L.str(%rip), %rdi
	movl	%ebp, %esi
	movl	%r12d, %edx
	movl	12(%rsp), %ecx                  # 4-byte Reload
	movl	%eax, %r8d
	movl	%r14d, %r9d
	xorl	%eax, %eax
	pushq	%r10
	.cfi_adjust_cfa_offset 8
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	callq	printf@PLT
	addq	$32, %rsp
	.cfi_adjust_cfa_offset -32
	incq	%r13
	jmp	.LBB0_1
.LBB0_2:
	leaq	.L.str.1(%rip), %rdi
	xorl	%eax, %eax
	callq	printf@PLT
	pushq	$7
	.cfi_adjust_cfa_offset 8
	popq	%r14
	.cfi_adjust_cfa_offset -8
	pushq	$10
	.cfi_adjust_cfa_offset 8
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	leaq	.L.str.2(%rip), %rbx
.LBB0_3:                                # =>This Inner Loop Header: Depth=1
	subl	$1, %ebp
	jb	.LBB0_4
# %bb.9:                                #   in Loop: Header=BB0_3 Depth=1
	movq	%rbx, %rdi
	movl	%r14d, %esi
	xorl	%eax, %eax
	callq	printf@PLT
	leal	-1(%r14), %r15d
	orl	%r14d, %r15d
	leal	1(%r15), %r12d
	notl	%r15d
	andl	%r12d, %r15d
	decl	%r15d
	movl	%r14d, %edi
	negl	%edi
	andl	%r14d, %edi
	callq	clz32
	notb	%al
	movl	%eax, %ecx
	shrl	%cl, %r15d
	shrl	%r15d
	orl	%r12d, %r15d
	movl	%r15d, %r14d
	jmp	.LBB0_3
.LBB0_4:
	pushq	$10
	.cfi_adjust_cfa_offset 8
	popq	%rdi
	.cfi_adjust_cfa_offset -8
	callq	putchar@PLT
	xorl	%eax, %eax
	addq	$8, %rsp
	.cfi_def_cfa_offset 56
	popq	%rbx
	.cfi_def_cfa_offset 48
	popq	%r12
	.cfi_def_cfa_offset 40
	popq	%r13
	.cfi_def_cfa_offset 32
	popq	%r14
	.cfi_def_cfa_offset 24
	popq	%r15
	.cfi_def_cfa_offset 16
	popq	%rbp
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end0:
	.size	main, .Lfunc_end0-main
	.cfi_endproc
                                        # -- End function
	.type	clz32,@function                 # -- Begin function clz32
clz32:                                  # @clz32
	.cfi_startproc
# %bb.0:
	testl	%edi, %edi
	je	.LBB1_1
# %bb.2:
	movl	%edi, %eax
	shll	$16, %eax
	xorl	%ecx, %ecx
	cmpl	$65536, %edi                    # imm = 0x10000
	setb	%cl
	cmovael	%edi, %eax
	shll	$4, %ecx
	leal	8(%rcx), %edx
	movl	%eax, %esi
	shll	$8, %esi
	cmpl	$16777216, %eax                 # imm = 0x1000000
	cmovael	%eax, %esi
	cmovael	%ecx, %edx
	leal	4(%rdx), %ecx
	movl	%esi, %edi
	shll	$4, %edi
	cmpl	$268435456, %esi                # imm = 0x10000000
	cmovael	%esi, %edi
	cmovael	%edx, %ecx
	leal	2(%rcx), %edx
	leal	(,%rdi,4), %eax
	cmpl	$1073741824, %edi               # imm = 0x40000000
	cmovael	%edi, %eax
	cmovael	%ecx, %edx
	notl	%eax
	shrl	$31, %eax
	addl	%edx, %eax
	retq
.LBB1_1:
	pushq	$32
	.cfi_adjust_cfa_offset 8
	popq	%rax
	.cfi_adjust_cfa_offset -8
	retq
.Lfunc_end1:
	.size	clz32, .Lfunc_end1-clz32
	.cfi_endproc
                                        # -- End function
	.type	main.samples,@object            # @main.samples
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	4, 0x0
main.samples:
	.long	0                               # 0x0
	.long	1                               # 0x1
	.long	2147483648                      # 0x80000000
	.long	4294967295                      # 0xffffffff
	.long	305419896                       # 0x12345678
	.long	3735928559                      # 0xdeadbeef
	.long	15790080                        # 0xf0f000
	.long	1437226410                      # 0x55aa55aa
	.size	main.samples, 32

	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"%08x pop=%2u rev=%08x clz=%2u par=%u gray=%08x back=%08x rotl7=%08x\n"
	.size	.L.str, 69

	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"combinations:"
	.size	.L.str.1, 14

	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	" %02x"
	.size	.L.str.2, 6

	.ident	"Debian clang version 19.1.7 (3~deb12u1)"
	.section	".note.GNU-stack","",@progbits
	.addrsig
