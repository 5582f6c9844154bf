-- CreateTable
CREATE TABLE "BoardCheckpoint" (
    "id" SERIAL NOT NULL,
    "boardId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "BoardCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Interview" (
    "id" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "interviewerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "templateSlug" TEXT,
    "customPrompt" TEXT,
    "phases" TEXT NOT NULL,
    "clock" TEXT NOT NULL,
    "revealedHints" TEXT NOT NULL DEFAULT '[]',
    "candidateName" TEXT,
    "candidateCopyBoardId" TEXT,
    "candidateCopyShareToken" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Interview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewInvite" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,

    CONSTRAINT "InterviewInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewNote" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "atMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InterviewNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewScorecard" (
    "interviewId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InterviewScorecard_pkey" PRIMARY KEY ("interviewId")
);

-- CreateIndex
CREATE INDEX "BoardCheckpoint_boardId_at_idx" ON "BoardCheckpoint"("boardId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Interview_boardId_key" ON "Interview"("boardId");

-- CreateIndex
CREATE INDEX "Interview_interviewerId_createdAt_idx" ON "Interview"("interviewerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewInvite_tokenHash_key" ON "InterviewInvite"("tokenHash");

-- CreateIndex
CREATE INDEX "InterviewInvite_interviewId_idx" ON "InterviewInvite"("interviewId");

-- CreateIndex
CREATE INDEX "InterviewNote_interviewId_createdAt_idx" ON "InterviewNote"("interviewId", "createdAt");

-- AddForeignKey
ALTER TABLE "BoardCheckpoint" ADD CONSTRAINT "BoardCheckpoint_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_interviewerId_fkey" FOREIGN KEY ("interviewerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewInvite" ADD CONSTRAINT "InterviewInvite_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewNote" ADD CONSTRAINT "InterviewNote_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewNote" ADD CONSTRAINT "InterviewNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewScorecard" ADD CONSTRAINT "InterviewScorecard_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

