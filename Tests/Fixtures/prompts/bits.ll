; ModuleID = 'Tests/Fixtures/programs/09_bits.c'
source_filename = "Tests/Fixtures/programs/09_bits.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@main.samples = internal constant [8 x i32] [i32 0, i32 1, i32 -2147483648, i32 -1, i32 305419896, i32 -559038737, i32 15790080, i32 1437226410], align 16
@.str = private unnamed_addr constant [69 x i8] c"%08x pop=%2u rev=%08x clz=%2u par=%u gray=%08x back=%08x rotl7=%08x\0A\00", align 1
@.str.1 = private unnamed_addr constant [14 x i8] c"combinations:\00", align 1
@.str.2 = private unnamed_addr constant [6 x i8] c" %02x\00", align 1
@.str.3 = private unnamed_addr constant [2 x i8] c"\0A\00", align 1

; Function Attrs: minsize nounwind optsize uwtable
define dso_local i32 @main() #0 {
  %1 = alloca i32, align 4
  %2 = alloca i32, align 4
  %3 = alloca i32, align 4
  %4 = alloca i32, align 4
  %5 = alloca i32, align 4
  store i32 0, ptr %1, align 4
  call void @llvm.lifetime.start.p0(i64 4, ptr %2) #3
  store i32 0, ptr %2, align 4, !tbaa !5
  br label %6

6:                                                ; preds = %33, %0
  %7 = load i32, ptr %2, align 4, !tbaa !5
  %8 = zext i32 %7 to i64
  %9 = icmp ult i64 %8, 8
  br i1 %9, label %11, label %10

10:                                               ; preds = %6
  call void @llvm.lifetime.end.p0(i64 4, ptr %2) #3
  br label %36

11:                                               ; preds = %6
  call void @llvm.lifetime.start.p0(i64 4, ptr %3) #3
  %12 = load i32, ptr %2, align 4, !tbaa !5
  %13 = zext i32 %12 to i64
  %14 = getelementptr inbounds [8 x i32], ptr @main.samples, i64 0, i64 %13
  %15 = load i32, ptr %14, align 4, !tbaa !5
  store i32 %15, ptr %3, align 4, !tbaa !5
  %16 = load i32, ptr %3, align 4, !tbaa !5
  %17 = load i32, ptr %3, align 4, !tbaa !5
  %18 = call i32 @popcount32(i32 noundef %17) #4
  %19 = load i32, ptr %3, align 4, !tbaa !5
  %20 = call i32 @reverse32(i32 noundef %19) #4
  %21 = load i32, ptr %3, align 4, !tbaa !5
  %22 = call i32 @clz32(i32 noundef %21) #4
  %23 = load i32, ptr %3, align 4, !tbaa !5
  %24 = call i32 @parity32(i32 noundef %23) #4
  %25 = load i32, ptr %3, align 4, !tbaa !5
  %26 = call i32 @to_gray(i32 noundef %25) #4
  %27 = load i32, ptr %3, align 4, !tbaa !5
  %28 = call i32 @to_gray(i32 noundef %27) #4
  %29 = call i32 @from_gray(i32 noundef %28) #4
  %30 = load i32, ptr %3, align 4, !tbaa !5
  %31 = call i32 @rotl32(i32 noundef %30, i32 noundef 7) #4
  %32 = call i32 (ptr, ...) @printf(ptr noundef @.str, i32 noundef %16, i32 noundef %18, i32 noundef %20, i32 noundef %22, i32 noundef %24, i32 noundef %26, i32 noundef %29, i32 noundef %31) #4
  call void @llvm.lifetime.end.p0(i64 4, ptr %3) #3
  br label %33

33:                                               ; preds = %11
  %34 = load i32, ptr %2, align 4, !tbaa !5
  %35 = add i32 %34, 1
  store i32 %35, ptr %2, align 4, !tbaa !5
  br label %6, !llvm.loop !9

36:                                               ; preds = %10
  call void @llvm.lifetime.start.p0(i64 4, ptr %4) #3
  store i32 7, ptr %4, align 4, !tbaa !5
  %37 = call i32 (ptr, ...) @printf(ptr noundef @.str.1) #4
  call void @llvm.lifetime.start.p0(i64 4, ptr %5) #3
  store i32 0, ptr %5, align 4, !tbaa !5
  br label %38

38:                                               ; preds = %47, %36
  %39 = load i32, ptr %5, align 4, !tbaa !5
  %40 = icmp slt i32 %39, 10
  br i1 %40, label %42, label %41

41:                                               ; preds = %38
  call void @llvm.lifetime.end.p0(i64 4, ptr %5) #3
  br label %50

42:                                               ; preds = %38
  %43 = load i32, ptr %4, align 4, !tbaa !5
  %44 = call i32 (ptr, ...) @printf(ptr noundef @.str.2, i32 noundef %43) #4
  %45 = load i32, ptr %4, align 4, !tbaa !5
  %46 = call i32 @next_same_popcount(i32 noundef %45) #4
  store i32 %46, ptr %4, align 4, !tbaa !5
  br label %47

47:                                               ; preds = %42
  %48 = load i32, ptr %5, align 4, !tbaa !5
  %49 = add nsw i32 %48, 1
  store i32 %49, ptr %5, align 4, !tbaa !5
  br label %38, !llvm.loop !11

50:                                               ; preds = %41
  %51 = call i32 (ptr, ...) @printf(ptr noundef @.str.3) #4
  call void @llvm.lifetime.end.p0(i64 4, ptr %4) #3
  ret i32 0
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: minsize optsize
declare i32 @printf(ptr noundef, ...) #2

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @popcount32(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  %3 = load i32, ptr %2, align 4, !tbaa !5
  %4 = load i32, ptr %2, align 4, !tbaa !5
  %5 = lshr i32 %4, 1
  %6 = and i32 %5, 1431655765
  %7 = sub i32 %3, %6
  store i32 %7, ptr %2, align 4, !tbaa !5
  %8 = load i32, ptr %2, align 4, !tbaa !5
  %9 = and i32 %8, 858993459
  %10 = load i32, ptr %2, align 4, !tbaa !5
  %11 = lshr i32 %10, 2
  %12 = and i32 %11, 858993459
  %13 = add i32 %9, %12
  store i32 %13, ptr %2, align 4, !tbaa !5
  %14 = load i32, ptr %2, align 4, !tbaa !5
  %15 = load i32, ptr %2, align 4, !tbaa !5
  %16 = lshr i32 %15, 4
  %17 = add i32 %14, %16
  %18 = and i32 %17, 252645135
  store i32 %18, ptr %2, align 4, !tbaa !5
  %19 = load i32, ptr %2, align 4, !tbaa !5
  %20 = mul i32 %19, 16843009
  %21 = lshr i32 %20, 24
  ret i32 %21
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @reverse32(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  %3 = load i32, ptr %2, align 4, !tbaa !5
  %4 = lshr i32 %3, 1
  %5 = and i32 %4, 1431655765
  %6 = load i32, ptr %2, align 4, !tbaa !5
  %7 = and i32 %6, 1431655765
  %8 = shl i32 %7, 1
  %9 = or i32 %5, %8
  store i32 %9, ptr %2, align 4, !tbaa !5
  %10 = load i32, ptr %2, align 4, !tbaa !5
  %11 = lshr i32 %10, 2
  %12 = and i32 %11, 858993459
  %13 = load i32, ptr %2, align 4, !tbaa !5
  %14 = and i32 %13, 858993459
  %15 = shl i32 %14, 2
  %16 = or i32 %12, %15
  store i32 %16, ptr %2, align 4, !tbaa !5
  %17 = load i32, ptr %2, align 4, !tbaa !5
  %18 = lshr i32 %17, 4
  %19 = and i32 %18, 252645135
  %20 = load i32, ptr %2, align 4, !tbaa !5
  %21 = and i32 %20, 252645135
  %22 = shl i32 %21, 4
  %23 = or i32 %19, %22
  store i32 %23, ptr %2, align 4, !tbaa !5
  %24 = load i32, ptr %2, align 4, !tbaa !5
  %25 = lshr i32 %24, 8
  %26 = and i32 %25, 16711935
  %27 = load i32, ptr %2, align 4, !tbaa !5
  %28 = and i32 %27, 16711935
  %29 = shl i32 %28, 8
  %30 = or i32 %26, %29
  store i32 %30, ptr %2, align 4, !tbaa !5
  %31 = load i32, ptr %2, align 4, !tbaa !5
  %32 = lshr i32 %31, 16
  %33 = load i32, ptr %2, align 4, !tbaa !5
  %34 = shl i32 %33, 16
  %35 = or i32 %32, %34
  ret i32 %35
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @clz32(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  %3 = alloca i32, align 4
  %4 = alloca i32, align 4
  store i32 %0, ptr %3, align 4, !tbaa !5
  %5 = load i32, ptr %3, align 4, !tbaa !5
  %6 = icmp eq i32 %5, 0
  br i1 %6, label %7, label %8

7:                                                ; preds = %1
  store i32 32, ptr %2, align 4
  br label %53

8:                                                ; preds = %1
  call void @llvm.lifetime.start.p0(i64 4, ptr %4) #3
  store i32 0, ptr %4, align 4, !tbaa !5
  %9 = load i32, ptr %3, align 4, !tbaa !5
  %10 = and i32 %9, -65536
  %11 = icmp ne i32 %10, 0
  br i1 %11, label %17, label %12

12:                                               ; preds = %8
  %13 = load i32, ptr %4, align 4, !tbaa !5
  %14 = add i32 %13, 16
  store i32 %14, ptr %4, align 4, !tbaa !5
  %15 = load i32, ptr %3, align 4, !tbaa !5
  %16 = shl i32 %15, 16
  store i32 %16, ptr %3, align 4, !tbaa !5
  br label %17

17:                                               ; preds = %12, %8
  %18 = load i32, ptr %3, align 4, !tbaa !5
  %19 = and i32 %18, -16777216
  %20 = icmp ne i32 %19, 0
  br i1 %20, label %26, label %21

21:                                               ; preds = %17
  %22 = load i32, ptr %4, align 4, !tbaa !5
  %23 = add i32 %22, 8
  store i32 %23, ptr %4, align 4, !tbaa !5
  %24 = load i32, ptr %3, align 4, !tbaa !5
  %25 = shl i32 %24, 8
  store i32 %25, ptr %3, align 4, !tbaa !5
  br label %26

26:                                               ; preds = %21, %17
  %27 = load i32, ptr %3, align 4, !tbaa !5
  %28 = and i32 %27, -268435456
  %29 = icmp ne i32 %28, 0
  br i1 %29, label %35, label %30

30:                                               ; preds = %26
  %31 = load i32, ptr %4, align 4, !tbaa !5
  %32 = add i32 %31, 4
  store i32 %32, ptr %4, align 4, !tbaa !5
  %33 = load i32, ptr %3, align 4, !tbaa !5
  %34 = shl i32 %33, 4
  store i32 %34, ptr %3, align 4, !tbaa !5
  br label %35

35:                                               ; preds = %30, %26
  %36 = load i32, ptr %3, align 4, !tbaa !5
  %37 = and i32 %36, -1073741824
  %38 = icmp ne i32 %37, 0
  br i1 %38, label %44, label %39

39:                                               ; preds = %35
  %40 = load i32, ptr %4, align 4, !tbaa !5
  %41 = add i32 %40, 2
  store i32 %41, ptr %4, align 4, !tbaa !5
  %42 = load i32, ptr %3, align 4, !tbaa !5
  %43 = shl i32 %42, 2
  store i32 %43, ptr %3, align 4, !tbaa !5
  br label %44

44:                                               ; preds = %39, %35
  %45 = load i32, ptr %3, align 4, !tbaa !5
  %46 = and i32 %45, -2147483648
  %47 = icmp ne i32 %46, 0
  br i1 %47, label %51, label %48

48:                                               ; preds = %44
  %49 = load i32, ptr %4, align 4, !tbaa !5
  %50 = add i32 %49, 1
  store i32 %50, ptr %4, align 4, !tbaa !5
  br label %51

51:                                               ; preds = %48, %44
  %52 = load i32, ptr %4, align 4, !tbaa !5
  store i32 %52, ptr %2, align 4
  call void @llvm.lifetime.end.p0(i64 4, ptr %4) #3
  br label %53

53:                                               ; preds = %51, %7
  %54 = load i32, ptr %2, align 4
  ret i32 %54
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @parity32(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  %3 = load i32, ptr %2, align 4, !tbaa !5
  %4 = lshr i32 %3, 16
  %5 = load i32, ptr %2, align 4, !tbaa !5
  %6 = xor i32 %5, %4
  store i32 %6, ptr %2, align 4, !tbaa !5
  %7 = load i32, ptr %2, align 4, !tbaa !5
  %8 = lshr i32 %7, 8
  %9 = load i32, ptr %2, align 4, !tbaa !5
  %10 = xor i32 %9, %8
  store i32 %10, ptr %2, align 4, !tbaa !5
  %11 = load i32, ptr %2, align 4, !tbaa !5
  %12 = lshr i32 %11, 4
  %13 = load i32, ptr %2, align 4, !tbaa !5
  %14 = xor i32 %13, %12
  store i32 %14, ptr %2, align 4, !tbaa !5
  %15 = load i32, ptr %2, align 4, !tbaa !5
  %16 = and i32 %15, 15
  %17 = lshr i32 27030, %16
  %18 = and i32 %17, 1
  ret i32 %18
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @to_gray(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  %3 = load i32, ptr %2, align 4, !tbaa !5
  %4 = load i32, ptr %2, align 4, !tbaa !5
  %5 = lshr i32 %4, 1
  %6 = xor i32 %3, %5
  ret i32 %6
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @from_gray(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  %3 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %3) #3
  store i32 1, ptr %3, align 4, !tbaa !5
  br label %4

4:                                                ; preds = %14, %1
  %5 = load i32, ptr %3, align 4, !tbaa !5
  %6 = icmp ult i32 %5, 32
  br i1 %6, label %8, label %7

7:                                                ; preds = %4
  call void @llvm.lifetime.end.p0(i64 4, ptr %3) #3
  br label %17

8:                                                ; preds = %4
  %9 = load i32, ptr %2, align 4, !tbaa !5
  %10 = load i32, ptr %3, align 4, !tbaa !5
  %11 = lshr i32 %9, %10
  %12 = load i32, ptr %2, align 4, !tbaa !5
  %13 = xor i32 %12, %11
  store i32 %13, ptr %2, align 4, !tbaa !5
  br label %14

14:                                               ; preds = %8
  %15 = load i32, ptr %3, align 4, !tbaa !5
  %16 = shl i32 %15, 1
  store i32 %16, ptr %3, align 4, !tbaa !5
  br label %4, !llvm.loop !12

17:                                               ; preds = %7
  %18 = load i32, ptr %2, align 4, !tbaa !5
  ret i32 %18
}

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @rotl32(i32 noundef %0, i32 noundef %1) #0 {
  %3 = alloca i32, align 4
  %4 = alloca i32, align 4
  store i32 %0, ptr %3, align 4, !tbaa !5
  store i32 %1, ptr %4, align 4, !tbaa !5
  %5 = load i32, ptr %4, align 4, !tbaa !5
  %6 = and i32 %5, 31
  store i32 %6, ptr %4, align 4, !tbaa !5
  %7 = load i32, ptr %4, align 4, !tbaa !5
  %8 = icmp ne i32 %7, 0
  br i1 %8, label %9, label %18

9:                                                ; preds = %2
  %10 = load i32, ptr %3, align 4, !tbaa !5
  %11 = load i32, ptr %4, align 4, !tbaa !5
  %12 = shl i32 %10, %11
  %13 = load i32, ptr %3, align 4, !tbaa !5
  %14 = load i32, ptr %4, align 4, !tbaa !5
  %15 = sub i32 32, %14
  %16 = lshr i32 %13, %15
  %17 = or i32 %12, %16
  br label %20

18:                                               ; preds = %2
  %19 = load i32, ptr %3, align 4, !tbaa !5
  br label %20

20:                                               ; preds = %18, %9
  %21 = phi i32 [ %17, %9 ], [ %19, %18 ]
  ret i32 %21
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: minsize nounwind optsize uwtable
define internal i32 @next_same_popcount(i32 noundef %0) #0 {
  %2 = alloca i32, align 4
  %3 = alloca i32, align 4
  %4 = alloca i32, align 4
  store i32 %0, ptr %2, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %3) #3
  %5 = load i32, ptr %2, align 4, !tbaa !5
  %6 = load i32, ptr %2, align 4, !tbaa !5
  %7 = sub i32 %6, 1
  %8 = or i32 %5, %7
  store i32 %8, ptr %3, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %4) #3
  %9 = load i32, ptr %3, align 4, !tbaa !5
  %10 = xor i32 %9, -1
  %11 = load i32, ptr %3, align 4, !tbaa !5
  %12 = xor i32 %11, -1
  %13 = sub i32 0, %12
  %14 = and i32 %10, %13
  store i32 %14, ptr %4, align 4, !tbaa !5
  %15 = load i32, ptr %3, align 4, !tbaa !5
  %16 = add i32 %15, 1
  %17 = load i32, ptr %4, align 4, !tbaa !5
  %18 = sub i32 %17, 1
  %19 = load i32, ptr %2, align 4, !tbaa !5
  %20 = load i32, ptr %2, align 4, !tbaa !5
  %21 = sub i32 0, %20
  %22 = and i32 %19, %21
  %23 = call i32 @clz32(i32 noundef %22) #4
  %24 = sub i32 31, %23
  %25 = lshr i32 %18, %24
  %26 = lshr i32 %25, 1
  %27 = or i32 %16, %26
  call void @llvm.lifetime.end.p0(i64 4, ptr %4) #3
  call void @llvm.lifetime.end.p0(i64 4, ptr %3) #3
  ret i32 %27
}

attributes #0 = { minsize nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { minsize optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nounwind }
attributes #4 = { minsize optsize }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"int", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10}
!10 = !{!"llvm.loop.mustprogress"}
!11 = distinct !{!11, !10}
!12 = distinct !{!12, !10}
