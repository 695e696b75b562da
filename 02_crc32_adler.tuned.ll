; ModuleID = 'Tests/Fixtures/programs/02_crc32_adler.c'
source_filename = "Tests/Fixtures/programs/02_crc32_adler.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@crc_table_ready = internal unnamed_addr global i1 false, align 4
@crc_table = internal unnamed_addr global [256 x i32] zeroinitializer, align 16
@main.inputs = internal unnamed_addr constant [6 x ptr] [ptr @.str, ptr @.str.1, ptr @.str.2, ptr @.str.3, ptr @.str.4, ptr @.str.5], align 16
@.str = private unnamed_addr constant [1 x i8] zeroinitializer, align 1
@.str.1 = private unnamed_addr constant [2 x i8] c"a\00", align 1
@.str.2 = private unnamed_addr constant [4 x i8] c"abc\00", align 1
@.str.3 = private unnamed_addr constant [10 x i8] c"123456789\00", align 1
@.str.4 = private unnamed_addr constant [44 x i8] c"The quick brown fox jumps over the lazy dog\00", align 1
@.str.5 = private unnamed_addr constant [33 x i8] c"firmware image v1.2.3 build 0042\00", align 1
@.str.6 = private unnamed_addr constant [56 x i8] c"[%zu] crc32=%08x bitwise=%08x adler=%08x fletcher=%04x\0A\00", align 1
@.str.7 = private unnamed_addr constant [43 x i8] c"big: crc=%08x incremental=%08x adler=%08x\0A\00", align 1

; Function Attrs: minsize nofree norecurse nosync nounwind optsize memory(readwrite, argmem: read, inaccessiblemem: none) uwtable
define dso_local i32 @crc32_update(i32 noundef %0, ptr nocapture noundef readonly %1, i64 noundef %2) local_unnamed_addr #0 {
  %.b = load i1, ptr @crc_table_ready, align 4
  br i1 %.b, label %18, label %.preheader.preheader

.preheader.preheader:                             ; preds = %3
  br label %.preheader

.preheader:                                       ; preds = %.preheader.preheader, %14
  %.011.i = phi i32 [ %17, %14 ], [ 0, %.preheader.preheader ]
  %4 = icmp ult i32 %.011.i, 256
  br i1 %4, label %.preheader.i.preheader, label %crc32_build_table.exit

.preheader.i.preheader:                           ; preds = %.preheader
  br label %.preheader.i

.preheader.i:                                     ; preds = %.preheader.i.preheader, %11
  %.010.i = phi i32 [ %12, %11 ], [ %.011.i, %.preheader.i.preheader ]
  %.0.i = phi i32 [ %13, %11 ], [ 0, %.preheader.i.preheader ]
  %5 = icmp ult i32 %.0.i, 8
  br i1 %5, label %6, label %14

6:                                                ; preds = %.preheader.i
  %7 = and i32 %.010.i, 1
  %.not.i = icmp eq i32 %7, 0
  %8 = lshr i32 %.010.i, 1
  br i1 %.not.i, label %11, label %9

9:                                                ; preds = %6
  %10 = xor i32 %8, -306674912
  br label %11

11:                                               ; preds = %9, %6
  %12 = phi i32 [ %10, %9 ], [ %8, %6 ]
  %13 = add nuw nsw i32 %.0.i, 1
  br label %.preheader.i, !llvm.loop !5

14:                                               ; preds = %.preheader.i
  %.010.i.lcssa = phi i32 [ %.010.i, %.preheader.i ]
  %15 = zext nneg i32 %.011.i to i64
  %16 = getelementptr inbounds [256 x i32], ptr @crc_table, i64 0, i64 %15
  store i32 %.010.i.lcssa, ptr %16, align 4, !tbaa !7
  %17 = add nuw nsw i32 %.011.i, 1
  br label %.preheader, !llvm.loop !11

crc32_build_table.exit:                           ; preds = %.preheader
  store i1 true, ptr @crc_table_ready, align 4
  br label %18

18:                                               ; preds = %crc32_build_table.exit, %3
  %19 = xor i32 %0, -1
  br label %20

20:                                               ; preds = %21, %18
  %.06 = phi i32 [ %19, %18 ], [ %29, %21 ]
  %.05 = phi ptr [ %1, %18 ], [ %23, %21 ]
  %.0 = phi i64 [ %2, %18 ], [ %22, %21 ]
  %.not = icmp eq i64 %.0, 0
  br i1 %.not, label %30, label %21

21:                                               ; preds = %20
  %22 = add i64 %.0, -1
  %23 = getelementptr inbounds i8, ptr %.05, i64 1
  %24 = load i8, ptr %.05, align 1, !tbaa !12
  %.06.tr = trunc i32 %.06 to i8
  %.narrow = xor i8 %24, %.06.tr
  %25 = zext i8 %.narrow to i64
  %26 = getelementptr inbounds [256 x i32], ptr @crc_table, i64 0, i64 %25
  %27 = load i32, ptr %26, align 4, !tbaa !7
  %28 = lshr i32 %.06, 8
  %29 = xor i32 %27, %28
  br label %20, !llvm.loop !13

30:                                               ; preds = %20
  %.06.lcssa = phi i32 [ %.06, %20 ]
  %31 = xor i32 %.06.lcssa, -1
  ret i32 %31

; uselistorder directives
  uselistorder label %.preheader, { 1, 0 }
  uselistorder i32 %.011.i, { 1, 2, 0, 3 }
  uselistorder label %.preheader.i, { 1, 0 }
  uselistorder i32 %.06, { 0, 2, 1 }
  uselistorder i64 %.0, { 1, 0 }
}

; Function Attrs: minsize nofree norecurse nosync nounwind optsize memory(read, inaccessiblemem: none) uwtable
define dso_local i32 @adler32(ptr nocapture noundef readonly %0, i64 noundef %1) local_unnamed_addr #1 {
  br label %3

3:                                                ; preds = %18, %2
  %.018 = phi i64 [ %1, %2 ], [ %9, %18 ]
  %.016 = phi ptr [ %0, %2 ], [ %.117.lcssa, %18 ]
  %.014 = phi i32 [ 1, %2 ], [ %19, %18 ]
  %.013 = phi i32 [ 0, %2 ], [ %20, %18 ]
  %.not = icmp eq i64 %.018, 0
  br i1 %.not, label %21, label %4

4:                                                ; preds = %3
  %5 = icmp ult i64 %.018, 3800
  br i1 %5, label %7, label %6

6:                                                ; preds = %4
  br label %7

7:                                                ; preds = %4, %6
  %8 = phi i64 [ 3800, %6 ], [ %.018, %4 ]
  %9 = sub i64 %.018, %8
  br label %10

10:                                               ; preds = %11, %7
  %.117 = phi ptr [ %.016, %7 ], [ %13, %11 ]
  %.115 = phi i32 [ %.014, %7 ], [ %16, %11 ]
  %.1 = phi i32 [ %.013, %7 ], [ %17, %11 ]
  %.0 = phi i64 [ %8, %7 ], [ %12, %11 ]
  %.not19 = icmp eq i64 %.0, 0
  br i1 %.not19, label %18, label %11

11:                                               ; preds = %10
  %12 = add i64 %.0, -1
  %13 = getelementptr inbounds i8, ptr %.117, i64 1
  %14 = load i8, ptr %.117, align 1, !tbaa !12
  %15 = zext i8 %14 to i32
  %16 = add i32 %.115, %15
  %17 = add i32 %16, %.1
  br label %10, !llvm.loop !14

18:                                               ; preds = %10
  %.117.lcssa = phi ptr [ %.117, %10 ]
  %.115.lcssa = phi i32 [ %.115, %10 ]
  %.1.lcssa = phi i32 [ %.1, %10 ]
  %19 = urem i32 %.115.lcssa, 65521
  %20 = urem i32 %.1.lcssa, 65521
  br label %3, !llvm.loop !15

21:                                               ; preds = %3
  %.014.lcssa = phi i32 [ %.014, %3 ]
  %.013.lcssa = phi i32 [ %.013, %3 ]
  %22 = shl nuw i32 %.013.lcssa, 16
  %23 = or disjoint i32 %22, %.014.lcssa
  ret i32 %23

; uselistorder directives
  uselistorder i64 %.018, { 3, 1, 2, 0 }
  uselistorder label %7, { 1, 0 }
  uselistorder i64 %.0, { 1, 0 }
  uselistorder i32 %16, { 1, 0 }
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #2

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #2

; Function Attrs: minsize nofree nounwind optsize uwtable
define dso_local noundef i32 @main() local_unnamed_addr #3 {
  %1 = alloca [1024 x i8], align 16
  call void @llvm.lifetime.start.p0(i64 1024, ptr nonnull %1) #6
  br label %2

2:                                                ; preds = %4, %0
  %.0 = phi i64 [ 0, %0 ], [ %11, %4 ]
  %3 = icmp ult i64 %.0, 1024
  br i1 %3, label %4, label %.preheader30.preheader

.preheader30.preheader:                           ; preds = %2
  br label %.preheader30

4:                                                ; preds = %2
  %5 = mul nuw nsw i64 %.0, 31
  %6 = add nuw nsw i64 %5, 7
  %7 = lshr i64 %.0, 3
  %8 = xor i64 %6, %7
  %9 = trunc i64 %8 to i8
  %10 = getelementptr inbounds [1024 x i8], ptr %1, i64 0, i64 %.0
  store i8 %9, ptr %10, align 1, !tbaa !12
  %11 = add nuw nsw i64 %.0, 1
  br label %2, !llvm.loop !16

.preheader30:                                     ; preds = %.preheader30.preheader, %49
  %.027 = phi i64 [ %54, %49 ], [ 0, %.preheader30.preheader ]
  %12 = icmp ult i64 %.027, 6
  br i1 %12, label %13, label %.preheader.preheader

.preheader.preheader:                             ; preds = %.preheader30
  br label %.preheader

13:                                               ; preds = %.preheader30
  %14 = getelementptr inbounds [6 x ptr], ptr @main.inputs, i64 0, i64 %.027
  %15 = load ptr, ptr %14, align 8, !tbaa !17
  %16 = tail call i64 @strlen(ptr noundef nonnull dereferenceable(1) %15) #7
  %17 = tail call i32 @crc32_update(i32 noundef 0, ptr noundef %15, i64 noundef %16) #8
  br label %18

18:                                               ; preds = %34, %13
  %.012.i = phi i64 [ 0, %13 ], [ %35, %34 ]
  %.0.i = phi i32 [ -1, %13 ], [ %.1.i.lcssa, %34 ]
  %19 = icmp ult i64 %.012.i, %16
  br i1 %19, label %20, label %crc32_bitwise.exit

20:                                               ; preds = %18
  %21 = getelementptr inbounds i8, ptr %15, i64 %.012.i
  %22 = load i8, ptr %21, align 1, !tbaa !12
  %23 = zext i8 %22 to i32
  %24 = xor i32 %.0.i, %23
  br label %25

25:                                               ; preds = %27, %20
  %.011.i = phi i32 [ 0, %20 ], [ %33, %27 ]
  %.1.i = phi i32 [ %24, %20 ], [ %32, %27 ]
  %26 = icmp ult i32 %.011.i, 8
  br i1 %26, label %27, label %34

27:                                               ; preds = %25
  %28 = and i32 %.1.i, 1
  %29 = lshr i32 %.1.i, 1
  %30 = icmp eq i32 %28, 0
  %31 = select i1 %30, i32 0, i32 -306674912
  %32 = xor i32 %31, %29
  %33 = add nuw nsw i32 %.011.i, 1
  br label %25, !llvm.loop !19

34:                                               ; preds = %25
  %.1.i.lcssa = phi i32 [ %.1.i, %25 ]
  %35 = add i64 %.012.i, 1
  br label %18, !llvm.loop !20

crc32_bitwise.exit:                               ; preds = %18
  %.0.i.lcssa = phi i32 [ %.0.i, %18 ]
  %36 = xor i32 %.0.i.lcssa, -1
  %37 = tail call i32 @adler32(ptr noundef %15, i64 noundef %16) #8
  br label %38

38:                                               ; preds = %40, %crc32_bitwise.exit
  %.010.i = phi i16 [ 0, %crc32_bitwise.exit ], [ %45, %40 ]
  %.09.i = phi i16 [ 0, %crc32_bitwise.exit ], [ %47, %40 ]
  %.0.i29 = phi i64 [ 0, %crc32_bitwise.exit ], [ %48, %40 ]
  %39 = icmp ult i64 %.0.i29, %16
  br i1 %39, label %40, label %49

40:                                               ; preds = %38
  %41 = getelementptr inbounds i8, ptr %15, i64 %.0.i29
  %42 = load i8, ptr %41, align 1, !tbaa !12
  %43 = zext i8 %42 to i16
  %44 = add nuw nsw i16 %.010.i, %43
  %45 = urem i16 %44, 255
  %46 = add nuw nsw i16 %45, %.09.i
  %47 = urem i16 %46, 255
  %48 = add nuw i64 %.0.i29, 1
  br label %38, !llvm.loop !21

49:                                               ; preds = %38
  %.010.i.lcssa = phi i16 [ %.010.i, %38 ]
  %.09.i.lcssa = phi i16 [ %.09.i, %38 ]
  %50 = shl nuw i16 %.09.i.lcssa, 8
  %51 = or disjoint i16 %50, %.010.i.lcssa
  %52 = zext i16 %51 to i32
  %53 = tail call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.6, i64 noundef %.027, i32 noundef %17, i32 noundef %36, i32 noundef %37, i32 noundef %52) #8
  %54 = add nuw nsw i64 %.027, 1
  br label %.preheader30, !llvm.loop !22

.preheader:                                       ; preds = %.preheader.preheader, %60
  %.026 = phi i32 [ %63, %60 ], [ 0, %.preheader.preheader ]
  %.025 = phi i64 [ %64, %60 ], [ 0, %.preheader.preheader ]
  %55 = icmp ult i64 %.025, 1024
  br i1 %55, label %56, label %65

56:                                               ; preds = %.preheader
  %57 = sub nuw nsw i64 1024, %.025
  %58 = icmp ugt i64 %.025, 924
  br i1 %58, label %60, label %59

59:                                               ; preds = %56
  br label %60

60:                                               ; preds = %59, %56
  %61 = phi i64 [ 100, %59 ], [ %57, %56 ]
  %62 = getelementptr inbounds i8, ptr %1, i64 %.025
  %63 = call i32 @crc32_update(i32 noundef %.026, ptr noundef nonnull %62, i64 noundef %61) #8
  %64 = add nuw nsw i64 %.025, 100
  br label %.preheader, !llvm.loop !23

65:                                               ; preds = %.preheader
  %.026.lcssa = phi i32 [ %.026, %.preheader ]
  %66 = call i32 @crc32_update(i32 noundef 0, ptr noundef nonnull %1, i64 noundef 1024) #8
  %67 = call i32 @adler32(ptr noundef nonnull %1, i64 noundef 1024) #8
  %68 = tail call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.7, i32 noundef %66, i32 noundef %.026.lcssa, i32 noundef %67) #8
  call void @llvm.lifetime.end.p0(i64 1024, ptr nonnull %1) #6
  ret i32 0

; uselistorder directives
  uselistorder ptr %1, { 3, 0, 1, 2, 4, 5 }
  uselistorder i64 %.0, { 3, 2, 1, 0, 4 }
  uselistorder label %.preheader30, { 1, 0 }
  uselistorder i64 %.027, { 2, 1, 0, 3 }
  uselistorder ptr %15, { 0, 4, 1, 3, 2 }
  uselistorder i64 %16, { 0, 3, 1, 2 }
  uselistorder i16 %45, { 1, 0 }
  uselistorder label %.preheader, { 1, 0 }
  uselistorder i64 %.025, { 3, 2, 0, 1, 4 }
}

; Function Attrs: minsize mustprogress nofree nounwind optsize willreturn memory(argmem: read)
declare i64 @strlen(ptr nocapture noundef) local_unnamed_addr #4

; Function Attrs: minsize nofree nounwind optsize
declare noundef i32 @printf(ptr nocapture noundef readonly, ...) local_unnamed_addr #5

; uselistorder directives
uselistorder ptr @crc_table, { 1, 0 }
uselistorder i32 0, { 8, 9, 0, 4, 5, 3, 10, 7, 6, 2, 1 }
uselistorder i32 8, { 0, 2, 1 }
uselistorder i32 1, { 0, 1, 2, 8, 7, 6, 3, 4, 5 }
uselistorder i64 0, { 1, 2, 3, 7, 0, 8, 6, 9, 4, 10, 11, 5 }
uselistorder i32 -1, { 1, 0, 2, 3 }
uselistorder i64 1, { 4, 0, 1, 5, 2, 3 }
uselistorder i64 100, { 1, 0 }

attributes #0 = { minsize nofree norecurse nosync nounwind optsize memory(readwrite, argmem: read, inaccessiblemem: none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { minsize nofree norecurse nosync nounwind optsize memory(read, inaccessiblemem: none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { minsize nofree nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { minsize mustprogress nofree nounwind optsize willreturn memory(argmem: read) "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { minsize nofree nounwind optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { nounwind }
attributes #7 = { minsize nounwind optsize willreturn memory(read) }
attributes #8 = { minsize optsize }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = distinct !{!5, !6}
!6 = !{!"llvm.loop.mustprogress"}
!7 = !{!8, !8, i64 0}
!8 = !{!"int", !9, i64 0}
!9 = !{!"omnipotent char", !10, i64 0}
!10 = !{!"Simple C/C++ TBAA"}
!11 = distinct !{!11, !6}
!12 = !{!9, !9, i64 0}
!13 = distinct !{!13, !6}
!14 = distinct !{!14, !6}
!15 = distinct !{!15, !6}
!16 = distinct !{!16, !6}
!17 = !{!18, !18, i64 0}
!18 = !{!"any pointer", !9, i64 0}
!19 = distinct !{!19, !6}
!20 = distinct !{!20, !6}
!21 = distinct !{!21, !6}
!22 = distinct !{!22, !6}
!23 = distinct !{!23, !6}
