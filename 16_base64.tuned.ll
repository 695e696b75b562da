; ModuleID = 'Tests/Fixtures/programs/16_base64.c'
source_filename = "Tests/Fixtures/programs/16_base64.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@b64_alphabet = internal unnamed_addr constant [65 x i8] c"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\00", align 16
@main.samples = internal unnamed_addr constant [8 x ptr] [ptr @.str, ptr @.str.1, ptr @.str.2, ptr @.str.3, ptr @.str.4, ptr @.str.5, ptr @.str.6, ptr @.str.7], align 16
@.str = private unnamed_addr constant [1 x i8] zeroinitializer, align 1
@.str.1 = private unnamed_addr constant [2 x i8] c"f\00", align 1
@.str.2 = private unnamed_addr constant [3 x i8] c"fo\00", align 1
@.str.3 = private unnamed_addr constant [4 x i8] c"foo\00", align 1
@.str.4 = private unnamed_addr constant [5 x i8] c"foob\00", align 1
@.str.5 = private unnamed_addr constant [6 x i8] c"fooba\00", align 1
@.str.6 = private unnamed_addr constant [7 x i8] c"foobar\00", align 1
@.str.7 = private unnamed_addr constant [36 x i8] c"PassLab fixture: base64 round trip!\00", align 1
@.str.8 = private unnamed_addr constant [19 x i8] c"%-38s -> %-50s %s\0A\00", align 1
@.str.9 = private unnamed_addr constant [3 x i8] c"ok\00", align 1
@.str.10 = private unnamed_addr constant [9 x i8] c"MISMATCH\00", align 1
@.str.11 = private unnamed_addr constant [22 x i8] c"binary: %s (%ld, %s)\0A\00", align 1
@.str.12 = private unnamed_addr constant [4 x i8] c"bad\00", align 1
@main.bad = internal unnamed_addr constant [5 x ptr] [ptr @.str.13, ptr @.str.14, ptr @.str.15, ptr @.str.16, ptr @.str.17], align 16
@.str.13 = private unnamed_addr constant [4 x i8] c"abc\00", align 1
@.str.14 = private unnamed_addr constant [5 x i8] c"ab=c\00", align 1
@.str.15 = private unnamed_addr constant [5 x i8] c"a===\00", align 1
@.str.16 = private unnamed_addr constant [5 x i8] c"ab!d\00", align 1
@.str.17 = private unnamed_addr constant [5 x i8] c"Zm9v\00", align 1
@.str.18 = private unnamed_addr constant [18 x i8] c"decode(%s) = %ld\0A\00", align 1

; Function Attrs: minsize nofree norecurse nosync nounwind optsize memory(argmem: readwrite) uwtable
define dso_local i64 @b64_encode(ptr nocapture noundef readonly %0, i64 noundef %1, ptr nocapture noundef writeonly %2) local_unnamed_addr #0 {
  br label %4

4:                                                ; preds = %7, %3
  %.046 = phi i64 [ 0, %3 ], [ %45, %7 ]
  %.045 = phi i64 [ 0, %3 ], [ %43, %7 ]
  %5 = add i64 %.046, 2
  %6 = icmp ult i64 %5, %1
  br i1 %6, label %7, label %46

7:                                                ; preds = %4
  %8 = getelementptr inbounds i8, ptr %0, i64 %.046
  %9 = load i8, ptr %8, align 1, !tbaa !5
  %10 = zext i8 %9 to i32
  %11 = shl nuw nsw i32 %10, 16
  %12 = getelementptr i8, ptr %8, i64 1
  %13 = load i8, ptr %12, align 1, !tbaa !5
  %14 = zext i8 %13 to i32
  %15 = shl nuw nsw i32 %14, 8
  %16 = getelementptr inbounds i8, ptr %0, i64 %5
  %17 = load i8, ptr %16, align 1, !tbaa !5
  %18 = zext i8 %17 to i32
  %19 = or disjoint i32 %15, %18
  %20 = or disjoint i32 %15, %11
  %21 = lshr i32 %10, 2
  %22 = zext nneg i32 %21 to i64
  %23 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %22
  %24 = load i8, ptr %23, align 1, !tbaa !5
  %25 = getelementptr inbounds i8, ptr %2, i64 %.045
  store i8 %24, ptr %25, align 1, !tbaa !5
  %26 = lshr i32 %20, 12
  %27 = and i32 %26, 63
  %28 = zext nneg i32 %27 to i64
  %29 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %28
  %30 = load i8, ptr %29, align 1, !tbaa !5
  %31 = getelementptr i8, ptr %25, i64 1
  store i8 %30, ptr %31, align 1, !tbaa !5
  %32 = lshr i32 %19, 6
  %33 = and i32 %32, 63
  %34 = zext nneg i32 %33 to i64
  %35 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %34
  %36 = load i8, ptr %35, align 1, !tbaa !5
  %37 = or disjoint i64 %.045, 3
  %38 = getelementptr i8, ptr %25, i64 2
  store i8 %36, ptr %38, align 1, !tbaa !5
  %39 = and i32 %18, 63
  %40 = zext nneg i32 %39 to i64
  %41 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %40
  %42 = load i8, ptr %41, align 1, !tbaa !5
  %43 = add i64 %.045, 4
  %44 = getelementptr inbounds i8, ptr %2, i64 %37
  store i8 %42, ptr %44, align 1, !tbaa !5
  %45 = add i64 %.046, 3
  br label %4, !llvm.loop !8

46:                                               ; preds = %4
  %47 = icmp ult i64 %.046, %1
  br i1 %47, label %48, label %84

48:                                               ; preds = %46
  %49 = getelementptr inbounds i8, ptr %0, i64 %.046
  %50 = load i8, ptr %49, align 1, !tbaa !5
  %51 = zext i8 %50 to i32
  %52 = shl nuw nsw i32 %51, 16
  %53 = add nuw i64 %.046, 1
  %54 = icmp ult i64 %53, %1
  br i1 %54, label %55, label %61

55:                                               ; preds = %48
  %56 = getelementptr inbounds i8, ptr %0, i64 %53
  %57 = load i8, ptr %56, align 1, !tbaa !5
  %58 = zext i8 %57 to i32
  %59 = shl nuw nsw i32 %58, 8
  %60 = or disjoint i32 %59, %52
  br label %61

61:                                               ; preds = %55, %48
  %.0 = phi i32 [ %60, %55 ], [ %52, %48 ]
  %62 = lshr i32 %.0, 18
  %63 = zext nneg i32 %62 to i64
  %64 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %63
  %65 = load i8, ptr %64, align 1, !tbaa !5
  %66 = getelementptr inbounds i8, ptr %2, i64 %.045
  store i8 %65, ptr %66, align 1, !tbaa !5
  %67 = lshr i32 %.0, 12
  %68 = and i32 %67, 63
  %69 = zext nneg i32 %68 to i64
  %70 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %69
  %71 = load i8, ptr %70, align 1, !tbaa !5
  %72 = getelementptr i8, ptr %66, i64 1
  store i8 %71, ptr %72, align 1, !tbaa !5
  br i1 %54, label %73, label %79

73:                                               ; preds = %61
  %74 = lshr i32 %.0, 6
  %75 = and i32 %74, 63
  %76 = zext nneg i32 %75 to i64
  %77 = getelementptr inbounds [65 x i8], ptr @b64_alphabet, i64 0, i64 %76
  %78 = load i8, ptr %77, align 1, !tbaa !5
  br label %79

79:                                               ; preds = %61, %73
  %80 = phi i8 [ %78, %73 ], [ 61, %61 ]
  %81 = getelementptr i8, ptr %66, i64 2
  store i8 %80, ptr %81, align 1, !tbaa !5
  %82 = add i64 %.045, 4
  %83 = getelementptr i8, ptr %66, i64 3
  store i8 61, ptr %83, align 1, !tbaa !5
  br label %84

84:                                               ; preds = %79, %46
  %.1 = phi i64 [ %82, %79 ], [ %.045, %46 ]
  %85 = getelementptr inbounds i8, ptr %2, i64 %.1
  store i8 0, ptr %85, align 1, !tbaa !5
  ret i64 %.1

; uselistorder directives
  uselistorder ptr %0, { 3, 2, 1, 0 }
  uselistorder ptr %2, { 3, 2, 1, 0 }
  uselistorder i64 %.046, { 1, 0, 2, 3, 4, 5 }
  uselistorder i64 %.045, { 1, 0, 2, 4, 3, 5 }
  uselistorder label %79, { 1, 0 }
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: minsize nofree nounwind optsize memory(argmem: readwrite) uwtable
define dso_local i64 @b64_decode(ptr nocapture noundef readonly %0, ptr nocapture noundef writeonly %1) local_unnamed_addr #2 {
  %3 = alloca [4 x i32], align 16
  %4 = tail call i64 @strlen(ptr noundef nonnull dereferenceable(1) %0) #7
  %5 = and i64 %4, 3
  %.not = icmp eq i64 %5, 0
  br i1 %.not, label %.preheader, label %.loopexit

.preheader:                                       ; preds = %2
  %6 = getelementptr inbounds i8, ptr %3, i64 4
  %7 = getelementptr inbounds i8, ptr %3, i64 8
  %8 = getelementptr inbounds i8, ptr %3, i64 12
  br label %9

9:                                                ; preds = %.preheader, %.thread66
  %.049 = phi i64 [ %.352.ph, %.thread66 ], [ 0, %.preheader ]
  %.048 = phi i64 [ %11, %.thread66 ], [ 0, %.preheader ]
  %.not56 = icmp ult i64 %.048, %4
  br i1 %.not56, label %10, label %.loopexit

10:                                               ; preds = %9
  call void @llvm.lifetime.start.p0(i64 16, ptr nonnull %3) #8
  %11 = add i64 %.048, 4
  %12 = icmp eq i64 %11, %4
  br label %13

13:                                               ; preds = %41, %10
  %indvars.iv = phi i64 [ %indvars.iv.next, %41 ], [ 0, %10 ]
  %.044 = phi i32 [ %.24660, %41 ], [ 0, %10 ]
  %exitcond = icmp eq i64 %indvars.iv, 4
  br i1 %exitcond, label %42, label %14

14:                                               ; preds = %13
  %15 = or disjoint i64 %.048, %indvars.iv
  %16 = getelementptr inbounds i8, ptr %0, i64 %15
  %17 = load i8, ptr %16, align 1, !tbaa !5
  %18 = icmp eq i8 %17, 61
  %19 = icmp ugt i64 %indvars.iv, 1
  %or.cond = and i1 %12, %19
  %or.cond75 = and i1 %18, %or.cond
  br i1 %or.cond75, label %.thread, label %22

.thread:                                          ; preds = %14
  %20 = getelementptr inbounds [4 x i32], ptr %3, i64 0, i64 %indvars.iv
  store i32 0, ptr %20, align 4, !tbaa !10
  %21 = add nsw i32 %.044, 1
  br label %41

22:                                               ; preds = %14
  %.not55 = icmp eq i32 %.044, 0
  br i1 %.not55, label %23, label %.thread61

23:                                               ; preds = %22
  %24 = sext i8 %17 to i32
  %25 = add i8 %17, -65
  %or.cond.i = icmp ult i8 %25, 26
  br i1 %or.cond.i, label %26, label %28

26:                                               ; preds = %23
  %27 = add nsw i32 %24, -65
  br label %38

28:                                               ; preds = %23
  %29 = add i8 %17, -97
  %or.cond5.i = icmp ult i8 %29, 26
  br i1 %or.cond5.i, label %30, label %32

30:                                               ; preds = %28
  %31 = add nsw i32 %24, -71
  br label %38

32:                                               ; preds = %28
  %33 = add i8 %17, -48
  %or.cond8.i = icmp ult i8 %33, 10
  br i1 %or.cond8.i, label %34, label %36

34:                                               ; preds = %32
  %35 = add nuw nsw i32 %24, 4
  br label %38

36:                                               ; preds = %32
  %switch.selectcmp.i = icmp eq i8 %17, 47
  %switch.select.i = select i1 %switch.selectcmp.i, i32 63, i32 -1
  %switch.selectcmp21.i = icmp eq i8 %17, 43
  br i1 %switch.selectcmp21.i, label %.thread79, label %38

.thread79:                                        ; preds = %36
  %37 = getelementptr inbounds [4 x i32], ptr %3, i64 0, i64 %indvars.iv
  store i32 62, ptr %37, align 4, !tbaa !10
  br label %41

38:                                               ; preds = %36, %34, %30, %26
  %.0.i = phi i32 [ %27, %26 ], [ %31, %30 ], [ %35, %34 ], [ %switch.select.i, %36 ]
  %39 = getelementptr inbounds [4 x i32], ptr %3, i64 0, i64 %indvars.iv
  store i32 %.0.i, ptr %39, align 4, !tbaa !10
  %40 = icmp sgt i32 %.0.i, -1
  br i1 %40, label %41, label %.thread61

41:                                               ; preds = %.thread79, %.thread, %38
  %.24660 = phi i32 [ %21, %.thread ], [ 0, %38 ], [ 0, %.thread79 ]
  %indvars.iv.next = add nuw nsw i64 %indvars.iv, 1
  br label %13, !llvm.loop !12

42:                                               ; preds = %13
  %43 = load i32, ptr %3, align 16, !tbaa !10
  %44 = shl i32 %43, 18
  %45 = load i32, ptr %6, align 4, !tbaa !10
  %46 = shl i32 %45, 12
  %47 = or i32 %46, %44
  %48 = load i32, ptr %7, align 8, !tbaa !10
  %49 = shl i32 %48, 6
  %50 = or i32 %47, %49
  %51 = load i32, ptr %8, align 4, !tbaa !10
  %52 = or i32 %50, %51
  %53 = lshr i32 %52, 16
  %54 = trunc i32 %53 to i8
  %55 = add nsw i64 %.049, 1
  %56 = getelementptr inbounds i8, ptr %1, i64 %.049
  store i8 %54, ptr %56, align 1, !tbaa !5
  %57 = icmp slt i32 %.044, 2
  br i1 %57, label %58, label %.thread66

58:                                               ; preds = %42
  %59 = lshr i32 %52, 8
  %60 = trunc i32 %59 to i8
  %61 = add nsw i64 %.049, 2
  %62 = getelementptr inbounds i8, ptr %1, i64 %55
  store i8 %60, ptr %62, align 1, !tbaa !5
  %.not72 = icmp eq i32 %.044, 1
  br i1 %.not72, label %.thread66, label %63

63:                                               ; preds = %58
  %64 = trunc i32 %52 to i8
  %65 = add nsw i64 %.049, 3
  %66 = getelementptr inbounds i8, ptr %1, i64 %61
  store i8 %64, ptr %66, align 1, !tbaa !5
  br label %.thread66

.thread61:                                        ; preds = %22, %38
  call void @llvm.lifetime.end.p0(i64 16, ptr nonnull %3) #8
  br label %.loopexit

.thread66:                                        ; preds = %42, %58, %63
  %.352.ph = phi i64 [ %61, %58 ], [ %65, %63 ], [ %55, %42 ]
  call void @llvm.lifetime.end.p0(i64 16, ptr nonnull %3) #8
  br label %9, !llvm.loop !13

.loopexit:                                        ; preds = %9, %.thread61, %2
  %.6 = phi i64 [ -1, %2 ], [ -1, %.thread61 ], [ %.049, %9 ]
  ret i64 %.6

; uselistorder directives
  uselistorder ptr %0, { 1, 0 }
  uselistorder ptr %1, { 2, 1, 0 }
  uselistorder ptr %3, { 1, 6, 5, 7, 0, 8, 9, 2, 3, 4 }
  uselistorder i64 %4, { 1, 2, 0 }
  uselistorder label %9, { 1, 0 }
  uselistorder i64 %11, { 1, 0 }
  uselistorder i64 %indvars.iv, { 6, 3, 0, 4, 2, 5, 1 }
  uselistorder i32 %24, { 2, 1, 0 }
  uselistorder label %41, { 2, 0, 1 }
  uselistorder i32 %52, { 2, 1, 0 }
  uselistorder label %.thread61, { 1, 0 }
  uselistorder label %.thread66, { 2, 1, 0 }
  uselistorder label %.loopexit, { 1, 0, 2 }
}

; Function Attrs: minsize mustprogress nofree nounwind optsize willreturn memory(argmem: read)
declare i64 @strlen(ptr nocapture noundef) local_unnamed_addr #3

; Function Attrs: minsize nofree nounwind optsize uwtable
define dso_local noundef i32 @main() local_unnamed_addr #4 {
  %1 = alloca [128 x i8], align 16
  %2 = alloca [128 x i8], align 16
  %3 = alloca [64 x i8], align 16
  call void @llvm.lifetime.start.p0(i64 128, ptr nonnull %1) #8
  call void @llvm.lifetime.start.p0(i64 128, ptr nonnull %2) #8
  br label %4

4:                                                ; preds = %.thread, %0
  %.020 = phi i64 [ 0, %0 ], [ %17, %.thread ]
  %exitcond.not = icmp eq i64 %.020, 8
  br i1 %exitcond.not, label %5, label %6

5:                                                ; preds = %4
  call void @llvm.lifetime.start.p0(i64 64, ptr nonnull %3) #8
  br label %18

6:                                                ; preds = %4
  %7 = getelementptr inbounds [8 x ptr], ptr @main.samples, i64 0, i64 %.020
  %8 = load ptr, ptr %7, align 8, !tbaa !14
  %9 = call i64 @strlen(ptr noundef nonnull dereferenceable(1) %8) #7
  %10 = call i64 @b64_encode(ptr noundef %8, i64 noundef %9, ptr noundef nonnull %1) #9
  %11 = call i64 @b64_decode(ptr noundef nonnull %1, ptr noundef nonnull %2) #9
  %12 = icmp eq i64 %11, %9
  br i1 %12, label %13, label %.thread

13:                                               ; preds = %6
  %bcmp23 = call i32 @bcmp(ptr nonnull %2, ptr %8, i64 %9)
  %bcmp23.fr = freeze i32 %bcmp23
  %14 = icmp eq i32 %bcmp23.fr, 0
  %spec.select = select i1 %14, ptr @.str.9, ptr @.str.10
  br label %.thread

.thread:                                          ; preds = %13, %6
  %15 = phi ptr [ @.str.10, %6 ], [ %spec.select, %13 ]
  %16 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.8, ptr noundef %8, ptr noundef nonnull %1, ptr noundef nonnull %15) #9
  %17 = add nuw nsw i64 %.020, 1
  br label %4, !llvm.loop !16

18:                                               ; preds = %25, %5
  %indvars.iv = phi i64 [ %indvars.iv.next, %25 ], [ 0, %5 ]
  %exitcond26.not = icmp eq i64 %indvars.iv, 64
  br i1 %exitcond26.not, label %19, label %25

19:                                               ; preds = %18
  %20 = call i64 @b64_encode(ptr noundef nonnull %3, i64 noundef 64, ptr noundef nonnull %1) #9
  %21 = call i64 @b64_decode(ptr noundef nonnull %1, ptr noundef nonnull %2) #9
  %bcmp = call i32 @bcmp(ptr noundef nonnull dereferenceable(64) %3, ptr noundef nonnull dereferenceable(64) %2, i64 64)
  %22 = icmp eq i32 %bcmp, 0
  %23 = select i1 %22, ptr @.str.9, ptr @.str.12
  %24 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.11, ptr noundef nonnull %1, i64 noundef %21, ptr noundef nonnull %23) #9
  br label %30

25:                                               ; preds = %18
  %26 = trunc i64 %indvars.iv to i8
  %27 = mul i8 %26, 73
  %28 = add i8 %27, 11
  %29 = getelementptr inbounds [64 x i8], ptr %3, i64 0, i64 %indvars.iv
  store i8 %28, ptr %29, align 1, !tbaa !5
  %indvars.iv.next = add nuw nsw i64 %indvars.iv, 1
  br label %18, !llvm.loop !17

30:                                               ; preds = %32, %19
  %.0 = phi i64 [ 0, %19 ], [ %37, %32 ]
  %exitcond27.not = icmp eq i64 %.0, 5
  br i1 %exitcond27.not, label %31, label %32

31:                                               ; preds = %30
  call void @llvm.lifetime.end.p0(i64 64, ptr nonnull %3) #8
  call void @llvm.lifetime.end.p0(i64 128, ptr nonnull %2) #8
  call void @llvm.lifetime.end.p0(i64 128, ptr nonnull %1) #8
  ret i32 0

32:                                               ; preds = %30
  %33 = getelementptr inbounds [5 x ptr], ptr @main.bad, i64 0, i64 %.0
  %34 = load ptr, ptr %33, align 8, !tbaa !14
  %35 = call i64 @b64_decode(ptr noundef %34, ptr noundef nonnull %2) #9
  %36 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.18, ptr noundef %34, i64 noundef %35) #9
  %37 = add nuw nsw i64 %.0, 1
  br label %30, !llvm.loop !18

; uselistorder directives
  uselistorder ptr %1, { 6, 0, 1, 2, 3, 4, 5, 7 }
  uselistorder ptr %2, { 2, 5, 1, 3, 0, 4, 6 }
  uselistorder ptr %3, { 2, 3, 0, 1, 4 }
  uselistorder i64 %.020, { 2, 1, 0 }
  uselistorder i64 %9, { 0, 2, 1 }
  uselistorder i64 %indvars.iv, { 3, 2, 0, 1 }
  uselistorder i64 %.0, { 2, 1, 0 }
  uselistorder ptr %34, { 1, 0 }
}

; Function Attrs: minsize nofree nounwind optsize
declare noundef i32 @printf(ptr nocapture noundef readonly, ...) local_unnamed_addr #5

; Function Attrs: nofree nounwind willreturn memory(argmem: read)
declare i32 @bcmp(ptr nocapture, ptr nocapture, i64) local_unnamed_addr #6

; uselistorder directives
uselistorder ptr @.str.9, { 1, 0 }
uselistorder i64 0, { 9, 5, 10, 0, 11, 6, 12, 1, 13, 2, 3, 4, 14, 15, 16, 17, 18, 19, 20, 21, 7, 8 }
uselistorder i64 2, { 0, 2, 1, 3 }
uselistorder i64 1, { 6, 0, 7, 8, 2, 1, 5, 9, 3, 4 }
uselistorder i32 2, { 1, 0 }
uselistorder i64 3, { 0, 1, 3, 4, 2 }
uselistorder i64 4, { 0, 4, 1, 3, 2 }
uselistorder i8 61, { 0, 2, 1 }
uselistorder ptr @llvm.lifetime.end.p0, { 1, 2, 3, 0, 4 }
uselistorder i32 1, { 1, 2, 3, 0, 4, 5 }
uselistorder i32 0, { 3, 4, 5, 0, 1, 6, 7, 2 }
uselistorder i64 64, { 2, 1, 3, 0, 4 }

attributes #0 = { minsize nofree norecurse nosync nounwind optsize memory(argmem: readwrite) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { minsize nofree nounwind optsize memory(argmem: readwrite) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { minsize mustprogress nofree nounwind optsize willreturn memory(argmem: read) "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { minsize nofree nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { minsize nofree nounwind optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { nofree nounwind willreturn memory(argmem: read) }
attributes #7 = { minsize nounwind optsize willreturn memory(read) }
attributes #8 = { nounwind }
attributes #9 = { minsize optsize }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"omnipotent char", !7, i64 0}
!7 = !{!"Simple C/C++ TBAA"}
!8 = distinct !{!8, !9}
!9 = !{!"llvm.loop.mustprogress"}
!10 = !{!11, !11, i64 0}
!11 = !{!"int", !6, i64 0}
!12 = distinct !{!12, !9}
!13 = distinct !{!13, !9}
!14 = !{!15, !15, i64 0}
!15 = !{!"any pointer", !6, i64 0}
!16 = distinct !{!16, !9}
!17 = distinct !{!17, !9}
!18 = distinct !{!18, !9}
